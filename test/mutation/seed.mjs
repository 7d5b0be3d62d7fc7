// Preloaded by the mutation run (stryker.config.mjs): every fast-check
// property runs with one fixed seed unless it sets its own, so a mutant is
// killed or survives the same way on every run.
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.MUTATION_SEED ?? 42) });
