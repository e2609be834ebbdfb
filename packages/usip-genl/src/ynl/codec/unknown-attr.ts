/**
 * An attribute a decoder did not expect: a number the spec does not define (a newer kernel),
 * or one the spec defines but does not list for this message. Kept, never dropped, so it
 * can be reported and re-encoded unchanged.
 */
export interface UnknownAttr {
  type: number;
  /** Set when the spec knows the number but not in this message. */
  name?: string;
  /** NLA_F_NESTED was set. */
  nested: boolean;
  data: Buffer;
}
