import { describe, expect, it } from 'vitest';
import { loadPolicyOrThrow } from '../runtime.ts';
import { evaluateOnSynthetic } from './evaluate.ts';
import { auc, explainSignals, interestParams, scoreInterests, trainLogistic } from './model.ts';
import { synthesise } from './synthetic.ts';

const policy = await loadPolicyOrThrow('policies/retail-bank.yaml');
const params = interestParams(policy);
if (!params) throw new Error('the bank tracks behaviour');
const now = new Date('2026-06-15T10:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

describe('interest scores (BK-4)', () => {
  it('decay by half every 30 days, weigh kinds as the policy says, and stay within retention', () => {
    const [fresh] = scoreInterests(
      params,
      [{ kind: 'dossier-visited', topic: 'pension', occurredAt: now }],
      now,
    );
    const [month] = scoreInterests(
      params,
      [{ kind: 'dossier-visited', topic: 'pension', occurredAt: daysAgo(30) }],
      now,
    );
    expect(fresh?.signals[0]?.weight).toBe(1);
    expect(month?.signals[0]?.weight).toBe(0.5);
    const [sim] = scoreInterests(
      params,
      [{ kind: 'simulation-run', topic: 'pension', occurredAt: now }],
      now,
    );
    expect(sim?.signals[0]?.weight).toBe(3);
    expect(
      scoreInterests(params, [{ kind: 'dossier-visited', topic: 'pension', occurredAt: daysAgo(366) }], now),
    ).toEqual([]);
    expect(fresh?.score).toBeGreaterThan(0);
    expect(fresh?.score).toBeLessThan(1);
  });

  it('explain themselves with their strongest signals, in plain words, and respect deleted topics', () => {
    const events = [
      { kind: 'simulation-run', topic: 'pension', occurredAt: daysAgo(2) },
      { kind: 'simulation-run', topic: 'pension', occurredAt: daysAgo(5) },
      { kind: 'dossier-visited', topic: 'pension', occurredAt: daysAgo(40) },
      { kind: 'dossier-visited', topic: 'vacances', occurredAt: daysAgo(1) },
    ];
    const scored = scoreInterests(params, events, now);
    expect(scored.map((i) => i.topic)).toEqual(['pension', 'vacances']);
    expect(explainSignals(policy, 'pension', scored[0]?.signals ?? [])[0]).toBe(
      'Simulation run about pension: 2 times, last on 2026-06-13',
    );
    expect(scoreInterests(params, events, now, new Set(['pension'])).map((i) => i.topic)).toEqual([
      'vacances',
    ]);
  });
});

describe('propensity model', () => {
  it('AUC counts ties as half', () => {
    expect(
      auc([
        { score: 0.9, y: 1 },
        { score: 0.1, y: 0 },
      ]),
    ).toBe(1);
    expect(
      auc([
        { score: 0.5, y: 1 },
        { score: 0.5, y: 0 },
      ]),
    ).toBe(0.5);
  });

  it('logistic regression learns a separable signal', () => {
    const samples = Array.from({ length: 200 }, (_, i) => ({ x: [i % 2, 0.5], y: (i % 2) as 0 | 1 }));
    const m = trainLogistic(samples);
    expect(m.weights[0]).toBeGreaterThan(2);
  });

  it('on a synthetic population with planted interests: AUC >= 0.85 and twice the popularity baseline at precision@1', () => {
    const people = synthesise(policy, 6000, now, 11);
    const e = evaluateOnSynthetic(policy, people, now);
    expect(e.model.auc).toBeGreaterThanOrEqual(0.85);
    expect(e.model.precisionAt1).toBeGreaterThanOrEqual(2 * e.popularity.precisionAt1);
  });
});
