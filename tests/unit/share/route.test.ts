import { describe, expect, it } from 'vitest';
import { parseHash } from '../../../src/ui/state/Router.svelte.ts';
import { shareUrl } from '../../../src/core/share/encode-share-link.ts';

describe('#/link/<payload> route', () => {
  it('carries the payload as written (decoding is the view\'s job)', () => {
    expect(parseHash('#/link/b1.abc_-')).toEqual({ name: 'link', payload: 'b1.abc_-' });
    expect(parseHash('#/link/')).toEqual({ name: 'link', payload: '' });
    const url = new URL(shareUrl('http://localhost:5173/#/runs/x', 'b1.xyz'));
    expect(parseHash(url.hash)).toEqual({ name: 'link', payload: 'b1.xyz' });
  });
});
