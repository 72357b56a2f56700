import { describe, expect, it } from 'vitest';
import { checkGenerated } from '../../src/core/generate/guards';
import { blurbPrompt, intentPrompt, INTENT_JSON_SCHEMA } from '../../src/core/generate/prompts';
import { tagVocabulary } from '../../src/core/intent/tag-vocabulary';
import { validateIntent } from '../../src/core/intent/validate-intent';
import { GenerationService, DEFAULT_GENERATION_SETTINGS } from '../../src/engines/generation/generation-service';
import { ScriptedChatEngine } from './scripted-chat-engine';

const CATALOGUE = ['Alien', 'Solaris', 'Interstellar', 'The Shining', 'Before Sunrise'];
const item = { title: 'Solaris', summary: 'A psychologist is sent to a space station.', tags: ['Sci-Fi', 'space'], reasons: [{ kind: 'because-you-liked' as const, title: 'Alien', via: 'neighbors' as const }] };

function service(engine: ScriptedChatEngine, timeoutMs = 2_000) {
  return new GenerationService(engine, { settings: () => DEFAULT_GENERATION_SETTINGS, catalogueTitles: () => CATALOGUE, timeoutMs });
}
const job = (onText?: (t: string) => void) => ({ messages: blurbPrompt(item, 'en'), allowedTitles: ['Solaris', 'Alien'], fallback: () => 'TEMPLATE', ...(onText === undefined ? {} : { onText }) });

describe('prompts', () => {
  it('carry the facts and the grounding rules, in the asked language', () => {
    const [system, user] = blurbPrompt(item, 'zh');
    expect(system!.content).toMatch(/Simplified Chinese/);
    expect(system!.content).toMatch(/Mention no title except the ones given/);
    expect(user!.content).toContain('Title: "Solaris"');
    expect(user!.content).toContain('Tags: Sci-Fi, space');
    expect(user!.content).toContain('people who liked "Alien" (which the user liked) also liked it');
    const intent = intentPrompt('a sci-fi film, no horror', ['Sci-Fi', 'Horror']);
    expect(intent[1]!.content).toContain('Tags: Sci-Fi, Horror');
    expect(intent[1]!.content).toContain('Request: a sci-fi film, no horror');
  });
});

describe('guards on generated text', () => {
  it('empty text and titles outside the candidates are refused', () => {
    expect(checkGenerated('  ', ['Solaris'])).toEqual({ kind: 'empty' });
    expect(checkGenerated('Like “Solaris”, this is slow and strange.', ['Solaris'], CATALOGUE)).toMatchObject({ kind: 'ok' });
    expect(checkGenerated('Fans of "Blade Runner 2049" will love it.', ['Solaris'], CATALOGUE)).toEqual({ kind: 'unknown-title', title: 'Blade Runner 2049' });
    expect(checkGenerated('It has the dread of The Shining.', ['Solaris'], CATALOGUE)).toEqual({ kind: 'unknown-title', title: 'The Shining' });
    expect(checkGenerated('喜欢《Alien》的人也会喜欢它。', ['Solaris', 'Alien'], CATALOGUE)).toMatchObject({ kind: 'ok' });
  });
});

describe('validating the model\'s intent JSON', () => {
  const vocabulary = tagVocabulary(['Sci-Fi', 'Horror', 'happy ending']);
  it('accepts the schema, also in a code fence; drops invented tags and reports them', () => {
    const result = validateIntent('```json\n{"query":"robots","includeTags":["sci fi","Space Opera"],"excludeTags":["horror"],"yearFrom":1990,"yearTo":null,"length":"short"}\n```', vocabulary);
    expect(result).toEqual({
      kind: 'ok',
      intent: { query: 'robots', includeTags: ['Sci-Fi'], excludeTags: ['Horror'], years: { from: 1990 }, length: 'short' },
      droppedTags: ['Space Opera'],
    });
  });
  it('refuses malformed JSON and wrong shapes (the rule-based parser is used instead)', () => {
    expect(validateIntent('{"query": "robots", "includeTags": [', vocabulary)).toMatchObject({ kind: 'invalid', problem: { kind: 'not-json' } });
    expect(validateIntent('["Sci-Fi"]', vocabulary)).toMatchObject({ kind: 'invalid', problem: { kind: 'wrong-shape' } });
    expect(validateIntent('{"includeTags": "Sci-Fi"}', vocabulary)).toMatchObject({ kind: 'invalid', problem: { kind: 'wrong-shape' } });
    expect(validateIntent('{"query": 3}', vocabulary)).toMatchObject({ kind: 'invalid' });
    expect(JSON.parse(JSON.stringify(INTENT_JSON_SCHEMA)).required).toContain('includeTags');
  });
});

describe('GenerationService (scripted engine at the web-llm boundary)', () => {
  it('streams the text as it comes and returns it when it passes the checks', async () => {
    const engine = new ScriptedChatEngine(['People who liked “Alien” also liked this slow, strange space story.']);
    const seen: string[] = [];
    const outcome = await service(engine).write(job((t) => seen.push(t)));
    expect(outcome).toEqual({ kind: 'generated', text: 'People who liked “Alien” also liked this slow, strange space story.' });
    expect(seen.length).toBeGreaterThan(5);
    expect(seen[0]!.length).toBeLessThan(seen.at(-1)!.length);
    expect(engine.requests[0]).toMatchObject({ stream: true, temperature: 0.7, top_p: 0.9, max_tokens: 120 });
  });

  it('a hallucinated title is regenerated once; twice, and the template is used', async () => {
    const once = new ScriptedChatEngine(['Much like "Blade Runner", it broods.', 'Slow and strange, like “Alien” at its quietest.']);
    expect(await service(once).write(job())).toEqual({ kind: 'generated', text: 'Slow and strange, like “Alien” at its quietest.' });
    const twice = new ScriptedChatEngine(['Like "Blade Runner".', 'Like "Dune".']);
    expect(await service(twice).write(job())).toEqual({ kind: 'fallback', reason: 'unknown-title', text: 'TEMPLATE' });
    expect(await service(new ScriptedChatEngine(['', '   '])).write(job())).toEqual({ kind: 'fallback', reason: 'empty', text: 'TEMPLATE' });
    expect(await service(new ScriptedChatEngine([new Error('device lost')])).write(job())).toEqual({ kind: 'fallback', reason: 'failed', text: 'TEMPLATE' });
  });

  it('a generation past its time limit is interrupted and falls back', async () => {
    const slow = new ScriptedChatEngine(['x'.repeat(400)], 5);
    expect(await service(slow, 60).write(job())).toEqual({ kind: 'fallback', reason: 'timed-out', text: 'TEMPLATE' });
  });

  it('runs one job at a time, in order; cancelAll stops the running one and drops the waiting ones', async () => {
    const engine = new ScriptedChatEngine(['First “Solaris” answer is long enough to take a while to stream.', 'Second.', 'Third.'], 5);
    const generation = service(engine);
    const order: string[] = [];
    const first = generation.write(job()).then((o) => (order.push('first'), o));
    const second = generation.write(job()).then((o) => (order.push('second'), o));
    const third = generation.write(job()).then((o) => (order.push('third'), o));
    await new Promise((resolve) => setTimeout(resolve, 20));
    generation.cancelAll();
    expect(await first).toEqual({ kind: 'fallback', reason: 'cancelled', text: 'TEMPLATE' });
    expect(await second).toEqual({ kind: 'fallback', reason: 'cancelled', text: 'TEMPLATE' });
    expect(await third).toEqual({ kind: 'fallback', reason: 'cancelled', text: 'TEMPLATE' });
    expect(order).toEqual(['first', 'second', 'third']);
    expect(engine.requests).toHaveLength(1);
    expect(engine.overlapped).toBe(false);
    // After a cancel, new jobs run again.
    const again = new ScriptedChatEngine(['Quietly strange, like “Alien”.']);
    expect((await service(again).write(job())).kind).toBe('generated');
  });

  it('JSON mode: the schema goes with the request, temperature 0; the answer comes back as text to validate', async () => {
    const engine = new ScriptedChatEngine(['{"query":"","includeTags":["Sci-Fi"],"excludeTags":[],"yearFrom":null,"yearTo":null,"length":null}']);
    const text = await service(engine).raw({ messages: intentPrompt('sci-fi', ['Sci-Fi']), jsonSchema: JSON.stringify(INTENT_JSON_SCHEMA) });
    expect(validateIntent(text!, tagVocabulary(['Sci-Fi']))).toMatchObject({ kind: 'ok', intent: { includeTags: ['Sci-Fi'] } });
    expect(engine.requests[0]).toMatchObject({ temperature: 0, response_format: { type: 'json_object' } });
  });
});
