/**
 * The parts of jose the local tokens use. auth.ts imports this module on first use (`await import`),
 * so a deployed function (AUTH_MODE=cognito: the API Gateway authorizer verifies) never loads jose;
 * importing jose itself that way would bundle all of it instead of these two.
 */
export { jwtVerify, SignJWT } from 'jose';
