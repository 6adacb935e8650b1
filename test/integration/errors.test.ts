import { errorCode, gql, gqlOk, newTenant, tokenFor } from '../support/api';

describe('error masking', () => {
  test('an unexpected failure is INTERNAL_SERVER_ERROR with no message, stack or SDK detail', async () => {
    const tenantId = await newTenant();
    const token = await tokenFor(tenantId, 'TENANT_ADMIN');
    await gqlOk(token, '{ viewer { userId } }'); // the tenant is now known to this container
    const table = process.env.PLATFORM_TABLE;
    process.env.PLATFORM_TABLE = 'no-such-table';
    try {
      const result = await gql(token, '{ contactPoints { totalCount } }');
      expect(errorCode(result)).toBe('INTERNAL_SERVER_ERROR');
      const text = JSON.stringify(result.errors);
      expect(result.errors?.[0]?.message).toBe('Internal server error');
      expect(text).not.toMatch(/ResourceNotFound|no-such-table|stack|at \w+ \(/i);
    } finally {
      if (table === undefined) delete process.env.PLATFORM_TABLE;
      else process.env.PLATFORM_TABLE = table;
    }
  });

  test('a variable of the wrong shape is BAD_USER_INPUT naming the field', async () => {
    const token = await tokenFor(await newTenant(), 'TENANT_ADMIN');
    const result = await gql(token, 'mutation($input: CreateContactPointInput!) { createContactPoint(input: $input) { contactPoint { id } } }', {
      input: { name: 'x', kind: 'CASTLE' },
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kind' });
  });
});
