export interface Measurement {
  name: string;
  value: number;
  unit: string;
  note?: string;
}
