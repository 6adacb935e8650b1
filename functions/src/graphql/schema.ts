import {
  buildASTSchema,
  isAbstractType,
  isObjectType,
  isScalarType,
  parse,
  type GraphQLFieldResolver,
  type GraphQLScalarType,
  type GraphQLSchema,
} from 'graphql';
import { typeDefs } from '../generated/type-defs';
import type { Resolvers } from '../generated/graphql';
import { resolvers } from './resolvers';

type ResolverEntry = GraphQLFieldResolver<unknown, unknown> | { resolve?: GraphQLFieldResolver<unknown, unknown> };

/**
 * Puts a resolver map's functions onto an already built schema, in place: field resolvers, abstract
 * types' `__resolveType`, objects' `__isTypeOf`, and custom scalars' coercion. A resolver for a type
 * or field the schema does not have is a programming error and throws, so nothing is silently lost.
 */
export function attachResolvers(schema: GraphQLSchema, map: Resolvers): GraphQLSchema {
  for (const [typeName, entries] of Object.entries(map as Record<string, unknown>)) {
    const type = schema.getType(typeName);
    if (!type) throw new Error(`Resolvers for ${typeName}, which the schema does not define`);
    if (isScalarType(type)) {
      // A GraphQLScalarType, or its fields spread into a plain object (resolvers.ts merges per type).
      const implementation = entries as Partial<Pick<GraphQLScalarType, 'serialize' | 'parseValue' | 'parseLiteral' | 'specifiedByURL'>>;
      if (typeof implementation.serialize !== 'function' || typeof implementation.parseValue !== 'function' || typeof implementation.parseLiteral !== 'function') {
        throw new Error(`The resolver of scalar ${typeName} must give serialize, parseValue and parseLiteral`);
      }
      // The SDL's name and description stay; the coercion comes from the implementation.
      type.serialize = implementation.serialize;
      type.parseValue = implementation.parseValue;
      type.parseLiteral = implementation.parseLiteral;
      type.specifiedByURL = type.specifiedByURL ?? implementation.specifiedByURL ?? null;
      continue;
    }
    for (const [fieldName, entry] of Object.entries(entries as Record<string, unknown>)) {
      if (fieldName === '__resolveType' && isAbstractType(type)) {
        type.resolveType = entry as typeof type.resolveType;
        continue;
      }
      if (fieldName === '__isTypeOf' && isObjectType(type)) {
        type.isTypeOf = entry as typeof type.isTypeOf;
        continue;
      }
      const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
      if (!field) throw new Error(`Resolver ${typeName}.${fieldName}, which the schema does not define`);
      const resolver = entry as ResolverEntry;
      const resolve = typeof resolver === 'function' ? resolver : resolver.resolve;
      if (typeof resolve !== 'function') throw new Error(`Resolver ${typeName}.${fieldName} is not a function`);
      field.resolve = resolve;
    }
  }
  return schema;
}

/**
 * The executable schema, built once per container. The SDL is generated from schema/*.graphql by
 * codegen (checked in `npm test`) and validated in full by test/unit/graphql/schema.test.ts, so the
 * cold start skips validating it again: makeExecutableSchema spent ~110 ms of each cold start there.
 */
export function buildExecutableSchema(sdl: string = typeDefs, map: Resolvers = resolvers): GraphQLSchema {
  const schema = buildASTSchema(parse(sdl, { noLocation: true }), { assumeValidSDL: true, assumeValid: true });
  return attachResolvers(schema, map);
}
