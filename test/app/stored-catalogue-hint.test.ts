import { describe, expect, it } from 'vitest';
import { hasStoredCatalogue, rememberStoredCatalogue } from '../../src/app/stored-catalogue-hint';
import { memoryStorage } from './memory-storage';

describe('the stored-catalogue hint', () => {
  it('names the last catalogue stored, and is gone with the rest of the site’s data', () => {
    const storage = memoryStorage();
    expect(hasStoredCatalogue(storage, 'https://s.example/a.json')).toBe(false);
    rememberStoredCatalogue(storage, 'https://s.example/a.json');
    expect(hasStoredCatalogue(storage, 'https://s.example/a.json')).toBe(true);
    expect(hasStoredCatalogue(storage, 'https://s.example/b.json')).toBe(false);
    rememberStoredCatalogue(storage, 'https://s.example/b.json');
    expect(hasStoredCatalogue(storage, 'https://s.example/a.json')).toBe(false);
    storage.clear();
    expect(hasStoredCatalogue(storage, 'https://s.example/b.json')).toBe(false);
  });

  it('is only a hint: blocked storage, or none, says nothing is stored and never throws', () => {
    const blocked = { ...memoryStorage(), getItem: () => { throw new DOMException('blocked', 'SecurityError'); }, setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } } as Storage;
    expect(() => rememberStoredCatalogue(blocked, 'https://s.example/a.json')).not.toThrow();
    expect(hasStoredCatalogue(blocked, 'https://s.example/a.json')).toBe(false);
    expect(hasStoredCatalogue(undefined, 'https://s.example/a.json')).toBe(false);
  });
});
