/// <reference lib="webworker" />
import { expose } from 'comlink';
import { RankerEngine } from '../src/engines/ranker/ranker-engine';

expose(new RankerEngine());
