import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  Mfa,
  StringAttribute,
  UserPool,
  UserPoolGroup,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { Role } from '../../functions/src/core/roles';

/** What each role (Cognito group) is for; the record's keys are exactly the roles. */
const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  PLATFORM_ADMIN: 'Platform operators: create and manage tenants (custom:tenantId = platform)',
  TENANT_ADMIN: 'Administers one tenant (a people\'s congress standing committee): users, contact points',
  LEGISLATIVE_STAFF: 'Drafts legislation, opens consultations, reads feedback',
  BUDGET_STAFF: 'Budget oversight: budgets and their execution',
  DEPUTY: 'Deputies (人大代表): read drafts and feedback, give opinions',
  CONTACT_POINT_LIAISON: 'Liaison of one contact point (基层立法联系点): submits feedback (custom:contactPointId)',
  BUDGET_UNIT: 'One budget unit (预算单位): answers the inquiries sent to it (custom:unitCode)',
};

export interface AuthProps {
  /** The roles, one Cognito group each (`ROLES` from `functions/src/core/roles.ts`). */
  readonly roles: readonly Role[];
  /** Production: deletion protection and the pool is retained when the stack is deleted. */
  readonly production: boolean;
}

/**
 * The Cognito user pool that issues the tokens the API accepts, its groups (= roles) and the app
 * client of the single-page apps.
 *
 * Users are created by administrators only. `custom:tenantId` is immutable (a user never changes
 * tenant) and neither custom attribute is writable through the app client, so a signed-in user can
 * never move themselves to another tenant or contact point. The SPA sends the **ID token**: it is the
 * token that carries `custom:*` claims and whose `aud` is the client id the API's authorizer checks.
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** The token issuer (`https://cognito-idp.<region>.<suffix>/<poolId>`), as Cognito reports it. */
  readonly issuerUrl: string;
  readonly clientId: string;
  readonly groups: readonly UserPoolGroup[];

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: false, mutable: true } },
      customAttributes: {
        // Same bounds as TENANT_ID_PATTERN (functions/src/core/ids.ts); the API validates the pattern.
        tenantId: new StringAttribute({ minLen: 2, maxLen: 40, mutable: false }),
        contactPointId: new StringAttribute({ minLen: 1, maxLen: 80, mutable: true }),
        // A budget unit code (UNIT_CODE_PATTERN): digits, at most 20.
        unitCode: new StringAttribute({ minLen: 1, maxLen: 20, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      // Authenticator apps only: SMS would need an SNS role and phone numbers the platform does not hold.
      mfaSecondFactor: { otp: true, sms: false },
      // A changed email address takes effect only once the new address is verified.
      keepOriginal: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: props.production,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional by decision: contact point liaisons in villages sign in on shared or basic phones where ' +
          'an authenticator app cannot be assumed. Accounts are created by administrators only and passwords need 12 ' +
          'characters of four classes; administrators are expected to enrol TOTP.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'The Plus feature plan (threat protection) is billed per monthly active user and its availability in the ' +
          'aws-cn partition is not verified; with self sign-up disabled the pool has no public sign-up surface. ' +
          'Revisit before production in the aws partition.',
      },
    );

    this.groups = props.roles.map(
      (role, precedence) =>
        new UserPoolGroup(this, `Group${role}`, {
          userPool: this.userPool,
          groupName: role,
          description: ROLE_DESCRIPTIONS[role],
          precedence,
        }),
    );

    this.client = this.userPool.addClient('SpaClient', {
      generateSecret: false,
      // SRP for the SPA. ADMIN_USER_PASSWORD_AUTH needs AWS credentials (cognito-idp:AdminInitiateAuth),
      // so it is not reachable from the internet; operators use it for the first sign-in and smoke tests.
      authFlows: { userSrp: true, adminUserPassword: true },
      // No hosted UI: the SPA signs in with SRP, so the OAuth endpoints and their defaults stay off.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('tenantId', 'contactPointId', 'unitCode'),
      // Users may edit their name and email (the required attribute stays writable); the custom
      // attributes are absent, so only administrators set them.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });

    this.issuerUrl = this.userPool.userPoolProviderUrl;
    this.clientId = this.client.userPoolClientId;
  }
}
