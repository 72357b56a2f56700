/// <reference lib="webworker" />
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';

// web-llm's engine lives here (weights on the GPU, tokenizer, sampling); the page talks to it
// through WebWorkerMLCEngine. Loaded only when the user turns on local writing.
const handler = new WebWorkerMLCEngineHandler();
self.onmessage = (message: MessageEvent) => handler.onmessage(message);
