import { describe, expect, it } from 'vitest';
import { onnxChatEngine, type TextGenerationRemote } from '../../src/engines/generation/onnx-chat-engine';
import type { GeneratedText, Sampling } from '../../src/engines/generation/onnx-text-generator';

/**
 * The adapter from the text-generation worker to Sift's ChatEngine. Over Comlink, the streamed
 * pieces travel on a port of their own, so the answer may arrive before its last pieces (or the
 * pieces after it): the remote here delivers them in such orders, as the real one can.
 */
function remote(pieces: readonly string[], order: 'in-order' | 'answer-first' | 'late-pieces', failure?: Error): TextGenerationRemote & { sampling: Sampling[]; interrupts: number } {
  return {
    sampling: [],
    interrupts: 0,
    async generate(_messages, sampling, onText): Promise<GeneratedText> {
      this.sampling.push(sampling);
      const texts = pieces.map((_, k) => pieces.slice(0, k + 1).join(''));
      const answer: GeneratedText = { text: texts.at(-1) ?? '', tokens: pieces.length, elapsedMs: 10, interrupted: false };
      if (failure !== undefined) {
        onText(texts[0]!);
        await Promise.resolve();
        throw failure;
      }
      if (order === 'in-order') {
        for (const text of texts) {
          await Promise.resolve();
          onText(text);
        }
        return answer;
      }
      // Only the first piece before the answer; the rest arrive afterwards (or never).
      onText(texts[0]!);
      if (order === 'late-pieces') setTimeout(() => texts.slice(1).forEach((text) => onText(text)), 5);
      return answer;
    },
    interrupt() {
      this.interrupts += 1;
    },
  };
}

async function collect(engine: ReturnType<typeof onnxChatEngine>, json = false): Promise<string[]> {
  const chunks = await engine.chat.completions.create({
    messages: [{ role: 'user', content: 'hi' }],
    stream: true,
    temperature: 0.7,
    top_p: 0.9,
    max_tokens: 40,
    ...(json ? { response_format: { type: 'json_object' as const, schema: '{}' } } : {}),
  });
  const deltas: string[] = [];
  for await (const chunk of chunks) deltas.push(chunk.choices[0]?.delta.content ?? '');
  return deltas;
}

describe('onnxChatEngine', () => {
  for (const order of ['in-order', 'answer-first', 'late-pieces'] as const) {
    it(`streams deltas that add up to the answer, exactly once, when pieces arrive ${order}`, async () => {
      const finished: GeneratedText[] = [];
      const source = remote(['A', ' warm', ' pick', '.'], order);
      const deltas = await collect(onnxChatEngine(source, (r) => finished.push(r)));
      expect(deltas.join('')).toBe('A warm pick.');
      expect(deltas.length).toBeGreaterThanOrEqual(1);
      expect(finished).toEqual([{ text: 'A warm pick.', tokens: 4, elapsedMs: 10, interrupted: false }]);
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
  }

  it('passes the sampling through, greedy in JSON mode; a failed generation ends the stream with the error; interrupt reaches the worker', async () => {
    const source = remote(['{', '}'], 'in-order');
    const engine = onnxChatEngine(source);
    await collect(engine);
    await collect(engine, true);
    expect(source.sampling).toEqual([
      { temperature: 0.7, topP: 0.9, maxTokens: 40 },
      { temperature: 0, topP: 0.9, maxTokens: 40 },
    ]);
    await expect(collect(onnxChatEngine(remote(['x'], 'in-order', new Error('device lost'))))).rejects.toThrow(/device lost/);
    engine.interruptGenerate();
    expect(source.interrupts).toBe(1);
  });
});
