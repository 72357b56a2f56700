// The page's side of web-llm, in a chunk of its own (loaded only when local writing is turned on).
export { CreateWebWorkerMLCEngine, prebuiltAppConfig } from '@mlc-ai/web-llm';
