// Shell scripts are imported as text: esbuild's text loader in the bundle
// (scripts/build.mjs), scripts/text-hooks.mjs from source.
declare module '*.sh' {
  const text: string;
  export default text;
}
