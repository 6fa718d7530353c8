/** Minting tokens with jose, for the dev token, the tests and operators (npm run token). */
import { createPrivateKey, createSecretKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { pinnedAlgorithm } from './keys';

/** TokenOptions are the optional registered claims a minted token carries. */
export interface TokenOptions {
  issuer?: string;
  audience?: string;
}

/**
 * signToken mints a token: HS256 when key is a shared secret, RS256 or ES256 when it is a PEM
 * private key (the algorithm the service pins to the matching public key).
 */
export async function signToken(key: string, claims: { sub: string; scope: string }, ttlSeconds: number, opts: TokenOptions = {}): Promise<string> {
  const pem = key.includes('-----BEGIN');
  const signingKey = pem ? createPrivateKey(key) : createSecretKey(Buffer.from(key));
  const jwt = new SignJWT({ scope: claims.scope })
    .setProtectedHeader({ alg: pem ? pinnedAlgorithm(signingKey) : 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`);
  if (opts.issuer) jwt.setIssuer(opts.issuer);
  if (opts.audience) jwt.setAudience(opts.audience);
  return jwt.sign(signingKey);
}
