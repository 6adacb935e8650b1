import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';

/** ISO 8601 instants (graphql-scalars); inputs arrive as JS Dates, outputs may be Date or ISO string. */
export const DateTime = DateTimeResolver;

/** Calendar dates "YYYY-MM-DD", kept as strings end to end (graphql-scalars' LocalDate, named Date). */
export const DateScalar = new GraphQLScalarType({ ...LocalDateResolver.toConfig(), name: 'Date' });

const DECIMAL_PATTERN = /^-?\d{1,13}(\.\d{1,2})?$/;

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL_PATTERN.test(value)) {
    throw new GraphQLError('Decimal must be a string like "1234.56" with at most two decimals', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value;
}

/** Money as an exact decimal string in yuan; services convert to and from integer fen. */
export const Decimal = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact amount in yuan as a string, e.g. "1234.56".',
  serialize: (value) => String(value),
  parseValue: parseDecimal,
  parseLiteral: (ast) => parseDecimal(ast.kind === Kind.STRING ? ast.value : undefined),
});
