import { checkInput, type InputSchema } from '@payrail/service-kit';

/**
 * A parser of one body schema: answers the body typed, or throws the PayrailError a client should see
 * (see `checkInput`). A missing body is an empty object.
 */
export function bodyParser<T>(schema: InputSchema): (body: unknown) => T {
  return (body) => {
    const value = body === undefined ? {} : body;
    checkInput(value, schema);
    return value as T;
  };
}
