import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface ApiThrottle {
  /** Steady-state requests per second for the whole stage. */
  readonly rateLimit: number;
  /** Burst bucket size. */
  readonly burstLimit: number;
}

export interface ApiProps {
  /** The GraphQL function the routes invoke (payload format 2.0). */
  readonly graphqlFunction: IFunction;
  /** Token issuer: the user pool's provider URL (`https://cognito-idp.<region>.<suffix>/<poolId>`). */
  readonly jwtIssuer: string;
  /** Accepted `aud` values: the SPA app client id (ID tokens carry it as `aud`). */
  readonly jwtAudience: readonly string[];
  /** Browser origins allowed by the CORS preflight; none turns CORS off (no browser origin may call). */
  readonly allowedOrigins: readonly string[];
  /** Production keeps access logs longer and retains their log group. */
  readonly production: boolean;
  /**
   * Default route throttling of the stage.
   * @default 50 requests/s, burst 100
   */
  readonly throttle?: ApiThrottle;
}

/**
 * The HTTP API: `POST /graphql` and `GET /graphql`, both behind a JWT authorizer that accepts only the
 * platform user pool's tokens for the SPA client, and `GET /health` without one. API Gateway answers CORS preflights itself (no
 * authorizer, no Lambda call). One `$default` stage with access logs and throttling.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogGroup: LogGroup;
  readonly authorizer: HttpJwtAuthorizer;
  /** The invoke URL of the GraphQL endpoint. */
  readonly graphqlUrl: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'GraphQL API of the platform',
      // The stage is created below so that it can carry access logs.
      createDefaultStage: false,
      // No origins (prod before its SPAs are known): no CORS at all, so no browser page may call it.
      corsPreflight:
        props.allowedOrigins.length === 0
          ? undefined
          : {
              allowOrigins: [...props.allowedOrigins],
              allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS],
              // Apollo's CSRF prevention accepts GET only with one of the apollo headers.
              allowHeaders: ['authorization', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name'],
              // The request id a user reports, and when to retry after a 429.
              exposeHeaders: ['x-request-id', 'retry-after'],
              maxAge: Duration.hours(1),
            },
    });

    this.accessLogGroup = new LogGroup(this, 'AccessLogs', {
      retention: props.production ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    const throttle = props.throttle ?? { rateLimit: 50, burstLimit: 100 };
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        // One JSON object per request; no headers, so tokens never reach the logs.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            httpMethod: '$context.httpMethod',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    // HttpJwtAuthorizer with the pool's own provider URL, not HttpUserPoolAuthorizer: the latter
    // hard-codes `cognito-idp.<region>.amazonaws.com`, which is not the issuer in the aws-cn partition.
    this.authorizer = new HttpJwtAuthorizer('CognitoAuthorizer', props.jwtIssuer, {
      jwtAudience: [...props.jwtAudience],
      identitySource: ['$request.header.Authorization'],
    });

    const integration = new HttpLambdaIntegration('GraphqlIntegration', props.graphqlFunction, {
      payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
    });
    this.httpApi.addRoutes({
      path: '/graphql',
      methods: [HttpMethod.POST, HttpMethod.GET],
      integration,
      authorizer: this.authorizer,
    });
    // For load balancers and monitoring: the function answers `{"status":"ok"}` itself, reading
    // nothing, so the route needs no token (and reveals nothing).
    const [healthRoute] = this.httpApi.addRoutes({ path: '/health', methods: [HttpMethod.GET], integration });
    Validations.of(healthRoute!).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'GET /health is the unauthenticated health check; the function answers it before any data access and returns only {"status":"ok"}.',
    });

    // ApiEndpoint is reported by the service, so it is right in every partition ($default stage: no path).
    this.graphqlUrl = `${this.httpApi.apiEndpoint}/graphql`;
  }
}
