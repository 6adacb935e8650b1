/**
 * "The floor" of issue 10: the least a GraphQL list of 50 can cost on this stack. Apollo Server 5,
 * @as-integrations/aws-lambda and the DynamoDB document client, one Query of the 50 contact points
 * the benchmark seeds (the same items `contactPoints(first: 50)` reads), no authentication, no
 * limits, no pagination. `npm run bench:cold` bundles it with the project's esbuild options and
 * measures it beside the real graphql bundle. Nothing here is deployed. The schema is built by
 * graphql-js and the one resolver set on it, as the project does: those options leave out Apollo's
 * `typeDefs` path (`@graphql-tools/schema`).
 */
import { ApolloServer } from '@apollo/server';
import { buildSchema, type GraphQLObjectType } from 'graphql';
import { startServerAndCreateLambdaHandler, handlers } from '@as-integrations/aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';

const typeDefs = `#graphql
  "A liaison."
  type Liaison { name: String! title: String phone: String }
  "A contact point."
  type ContactPoint {
    id: ID! name: String! kind: String! address: String regionCode: String! establishedOn: String active: Boolean! revision: Int!
    liaisons: [Liaison!]!
  }
  "The list."
  type Query { contactPoints: [ContactPoint!]! }
`;

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT }));

const schema = buildSchema(typeDefs);
(schema.getType('Query') as GraphQLObjectType).getFields().contactPoints!.resolve = async () => {
  const result = await documents.send(
    new QueryCommand({
      TableName: process.env.FLOOR_TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :cp)',
      ExpressionAttributeValues: { ':pk': process.env.FLOOR_PARTITION, ':cp': 'CP#' },
      Limit: 50,
    }),
  );
  return result.Items ?? [];
};

const server = new ApolloServer({ schema });

export const handler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler());

