export { profileTable } from './profile-table.ts';
export type {
  BooleanProfile,
  ColumnProfile,
  DatasetProfile,
  DatetimeProfile,
  Histogram,
  LabelProfile,
  NumericProfile,
  ProfileOptions,
  Quantiles,
  TopValue,
} from './types.ts';
