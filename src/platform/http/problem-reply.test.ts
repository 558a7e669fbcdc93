import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_INSTANCE_CHARS, requestInstance } from './problem-reply.ts';

// RFC 3986 §3.3: what a path holds as is (pchar and "/"), escapes apart.
const URI_PATH = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*$/i;

describe('requestInstance', () => {
  it('names the path, never the query', () => {
    expect(requestInstance('/v1/subjects?email=ann%40example.org&access_token=garde_x')).toBe('/v1/subjects');
    expect(requestInstance('/v1/subjects/4f1b?')).toBe('/v1/subjects/4f1b');
  });

  it('percent-encodes what a path may not hold, and keeps the escapes it was sent', () => {
    expect(requestInstance('/a"b<c>{d}|e^f`g\\h[i]#j')).toBe(
      '/a%22b%3Cc%3E%7Bd%7D%7Ce%5Ef%60g%5Ch%5Bi%5D%23j',
    );
    expect(requestInstance('/caf%C3%A9/caf\u00e9/%zz/%')).toBe('/caf%C3%A9/caf%C3%A9/%25zz/%25');
    expect(requestInstance('/a%2Fb/%%41/%2541/\ud800')).toBe('/a%2Fb/%25%41/%2541/%EF%BF%BD');
    expect(requestInstance("/a;b=c/d@e:f/!$&'()*+,~")).toBe("/a;b=c/d@e:f/!$&'()*+,~");
    // RFC 3986 §2.1: escapes in upper case, however the client spelled them.
    expect(requestInstance('/v1/subjects/%c3%a9')).toBe('/v1/subjects/%C3%A9');
    expect(requestInstance('/a"/%c3%a9')).toBe('/a%22/%C3%A9');
  });

  it('a path that starts with // stays a path on the same host', () => {
    const instance = requestInstance('//evil.example/x') as string;
    const resolved = new URL(instance, 'https://garde.example/');
    expect([resolved.host, resolved.pathname]).toEqual(['garde.example', '//evil.example/x']);
  });

  it('an absolute-form target gives its path; a target that is no path gives none', () => {
    expect(requestInstance('http://garde.example:8080/v1/keys?x=1')).toBe('/v1/keys');
    expect(requestInstance('http://garde.example')).toBe('/');
    expect(requestInstance('*')).toBeUndefined();
    expect(requestInstance('garde.example:443')).toBeUndefined();
    expect(requestInstance(undefined)).toBeUndefined();
  });

  it(`a path over ${MAX_INSTANCE_CHARS} characters is left out, not cut into another path`, () => {
    const at = `/${'a'.repeat(MAX_INSTANCE_CHARS - 1)}`;
    expect(requestInstance(`${at}?q=${'b'.repeat(10_000)}`)).toBe(at);
    expect(requestInstance(`${at}a`)).toBeUndefined();
    // Counted once encoded: 700 characters that each become 3.
    expect(requestInstance(`/${'"'.repeat(700)}`)).toBeUndefined();
  });

  it('any request target gives an instance of URI characters only, resolving on the same host, without the query', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.string({ maxLength: 50 }),
        (path, query) => {
          const instance = requestInstance(`/${path}?${query}`);
          if (instance === undefined) return;
          expect(instance).toMatch(URI_PATH);
          expect(new URL(instance, 'https://garde.example/').host).toBe('garde.example');
        },
      ),
      { seed: 9457, numRuns: 500 },
    );
  });
});
