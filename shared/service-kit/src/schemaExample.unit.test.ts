import { exampleProblems } from './contractCheck';
import { ERROR_BODY_SCHEMA, openApiDocument } from './openApiParts';
import { schemaExample } from './schemaExample';

const THING = {
  type: 'object', additionalProperties: false, required: ['id', 'amount', 'note', 'owner', 'tags'],
  properties: {
    id: { type: 'string', pattern: '^th_[0-9a-z]{26}$' },
    amount: { type: 'integer', minimum: 1, examples: [2500] },
    note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    owner: { anyOf: [{ $ref: '#/components/schemas/Owner' }, { type: 'null' }] },
    tags: { type: 'array', items: { type: 'string', enum: ['new', 'old'] } },
    optional: { type: 'string' },
  },
};
const OWNER = { type: 'object', required: ['name'], properties: { name: { type: 'string' } }, examples: [{ name: 'Ada' }] };

describe('schemaExample', () => {
  it("builds an object from its required properties: the schema's own examples first, a nullable as null, a component by its ref, an id by its prefix", () => {
    expect(schemaExample(THING, { Owner: OWNER })).toEqual({ id: 'th_01jcy4p8zq3x5v7k9m2n4r6t8w', amount: 2500, note: null, owner: { name: 'Ada' }, tags: ['new'] });
  });
});

describe('exampleProblems', () => {
  const documentWith = (example: unknown) => openApiDocument({
    title: 'test', description: 'test', schemas: { Thing: THING, Owner: OWNER, Error: ERROR_BODY_SCHEMA },
    operations: [{ method: 'get', path: '/things/:id', operationId: 'retrieveThing', summary: 'a thing', tag: 'Things', responses: { 200: { description: 'A thing', schema: { $ref: '#/components/schemas/Thing' }, example } }, errors: [404] }],
  });

  it('finds nothing wrong with the examples a document makes from its schemas', () => {
    expect(exampleProblems(documentWith(undefined))).toEqual([]);
  });

  it('names an example its schema refuses, and where it is', () => {
    const problems = exampleProblems(documentWith({ id: 'th_x', amount: 1, note: null, owner: null, tags: [], extra: true }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\/paths\/~1things~1\{id\}\/get\/responses\/200\/content\/application~1json\/example: /);
  });
});
