/** A read of one user's records of one kind. */
export interface RecordRange {
  userId: string;
  /** Inclusive lower and exclusive upper bound, UTC ms, on the record's own time. */
  from: number;
  to: number;
  limit: number;
}
