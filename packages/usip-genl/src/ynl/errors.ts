/** A spec that cannot be loaded: bad YAML, a schema violation or a dangling reference. */
export class SpecError extends Error {
  override readonly name = 'SpecError';
  /** Where in the spec, e.g. "attribute-sets[0].attributes[3]". */
  readonly where: string;

  constructor(where: string, message: string) {
    super(where ? `${where}: ${message}` : message);
    this.where = where;
  }
}
