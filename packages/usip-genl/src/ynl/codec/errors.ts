/** A message that does not decode as its spec says: wrong sizes, bad nesting, wrong command. */
export class YnlDecodeError extends Error {
  override readonly name = 'YnlDecodeError';
  /** Attribute names from the message's top level down to the offending one. */
  readonly path: string[];
  /** The problem itself, without the path. */
  readonly detail: string;

  constructor(detail: string, path: string[] = [], options?: { cause?: unknown }) {
    super(path.length > 0 ? `${path.join('.')}: ${detail}` : detail, options);
    this.path = path;
    this.detail = detail;
  }
}

/** A value that cannot be encoded as its attribute's type (e.g. 300 as u8). */
export class YnlEncodeError extends Error {
  override readonly name = 'YnlEncodeError';
  readonly path: string[];
  readonly detail: string;

  constructor(detail: string, path: string[] = [], options?: { cause?: unknown }) {
    super(path.length > 0 ? `${path.join('.')}: ${detail}` : detail, options);
    this.path = path;
    this.detail = detail;
  }
}
