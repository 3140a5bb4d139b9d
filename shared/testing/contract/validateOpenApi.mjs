// Validates the OpenAPI document on stdin with @seriousme/openapi-schema-validator (an independent
// validator of OpenAPI 3.0/3.1; ESM only, so tests run it as a child process) and prints
// {"valid": bool, "errors": [...]} on stdout.
import { Validator } from '@seriousme/openapi-schema-validator';

let text = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) text += chunk;
const result = await new Validator().validate(JSON.parse(text));
process.stdout.write(JSON.stringify({ valid: result.valid, errors: result.errors ?? [] }));
