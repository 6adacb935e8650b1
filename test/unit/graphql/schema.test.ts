import {
  buildSchema,
  type GraphQLScalarType,
  graphql,
  isObjectType,
  isScalarType,
  printSchema,
  validateSchema,
  type GraphQLSchema,
} from 'graphql';
import { typeDefs } from '../../../functions/src/generated/type-defs';
import type { Resolvers } from '../../../functions/src/generated/graphql';
import { resolvers } from '../../../functions/src/graphql/resolvers';
import { attachResolvers, buildExecutableSchema } from '../../../functions/src/graphql/schema';

/**
 * The handler builds its schema assuming the SDL is valid (schema.ts), so this is where it is
 * validated in full: the same SDL, built with every check on, and every resolver on a real field.
 */
const validated = (): GraphQLSchema => buildSchema(typeDefs);

test('the SDL the handler serves is a valid schema when built with every check', () => {
  const schema = validated();
  expect(validateSchema(schema).map((e) => e.message)).toEqual([]);
});

test('the schema the handler builds without checks is the same schema', () => {
  expect(printSchema(buildExecutableSchema())).toBe(printSchema(validated()));
});

test('every resolver in the resolver map lands on a type and field of the schema', () => {
  const schema = validated();
  const missing: string[] = [];
  for (const [typeName, entries] of Object.entries(resolvers as Record<string, object>)) {
    const type = schema.getType(typeName);
    if (!type) {
      missing.push(typeName);
      continue;
    }
    if (isScalarType(type)) continue;
    for (const fieldName of Object.keys(entries)) {
      if (fieldName === '__resolveType' || fieldName === '__isTypeOf') continue;
      if (!isObjectType(type) || !type.getFields()[fieldName]) missing.push(`${typeName}.${fieldName}`);
    }
  }
  expect(missing).toEqual([]);
});

test('attaching puts each resolver function on its field, abstract type and scalar', () => {
  const schema = attachResolvers(validated(), resolvers);
  for (const [typeName, entries] of Object.entries(resolvers as Record<string, Record<string, unknown>>)) {
    const type = schema.getType(typeName)!;
    if (isScalarType(type)) {
      expect(type.parseValue).toBe((entries as unknown as GraphQLScalarType).parseValue);
      expect(type.parseLiteral).toBe((entries as unknown as GraphQLScalarType).parseLiteral);
      continue;
    }
    for (const [fieldName, resolver] of Object.entries(entries)) {
      if (fieldName === '__resolveType') expect((type as { resolveType?: unknown }).resolveType).toBe(resolver);
      else if (fieldName !== '__isTypeOf') expect(isObjectType(type) && type.getFields()[fieldName]!.resolve).toBe(resolver);
    }
  }
  // Still valid with the implementations attached.
  expect(validateSchema(schema)).toEqual([]);
});

test('a custom scalar coerces through its implementation, not the SDL default', async () => {
  const schema = buildExecutableSchema('"""An amount."""\nscalar Decimal\ntype Query { echo(amount: Decimal!): Decimal }', {
    Decimal: resolvers.Decimal,
    Query: { echo: (_p: unknown, args: { amount: string }) => args.amount },
  } as Resolvers);
  expect(await graphql({ schema, source: '{ echo(amount: "12.50") }' })).toEqual({ data: { echo: '12.50' } });
  const refused = await graphql({ schema, source: '{ echo(amount: "1.234") }' });
  expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});

test('a resolver for a type or field the schema lacks is refused, not dropped', () => {
  const sdl = 'type Query { hello: String }';
  expect(() => buildExecutableSchema(sdl, { Query: { hello: () => 'hi', goodbye: () => 'bye' } } as unknown as Resolvers)).toThrow(
    'Resolver Query.goodbye',
  );
  expect(() => buildExecutableSchema(sdl, { Nothing: { a: () => 1 } } as unknown as Resolvers)).toThrow('Nothing');
});
