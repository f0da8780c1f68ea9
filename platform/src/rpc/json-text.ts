// A handler's answer already serialized as JSON (a cached page): the wire sends the text as it is, with no
// parse and stringify round trip; the in-process transport parses it, so an all-in-one caller sees the same value.

/**
 * The JSON text of a method's output. The text must be what serializing a value of the output's schema gives: the
 * wire does not check it (the in-process transport does drop undeclared properties, as it does for every output).
 */
export class JsonText<T = unknown> {
  /** Never set: ties the text to the output type it serializes, so a handler cannot answer another method's text. */
  declare readonly output?: T;
  constructor(readonly text: string) {}
}
