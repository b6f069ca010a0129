import { describe, expect, it } from 'vitest';
import { checkLogoFile, logoMime, maxLogoBytes } from './LogoInput';

describe('logo checks', () => {
  const file = (name: string, type: string, size: number) => new File([new Uint8Array(size)], name, { type });
  it.each([
    ['logo.png', 'image/png', 2048, null],
    ['logo.jpg', 'image/jpeg', maxLogoBytes, null],
    ['logo.gif', 'image/gif', 2048, 'logo.gif is not a PNG or JPEG image.'],
    ['big.png', 'image/png', maxLogoBytes + 1, 'big.png is 1025 KB; the limit is 1024 KB.'],
  ])('%s (%s, %i bytes)', (name, type, size, want) => {
    expect(checkLogoFile(file(name, type, size))).toBe(want);
  });

  it('tells PNG from JPEG by the first bytes of the base64 text', () => {
    expect(logoMime('iVBORw0KGgoAAAANSUhEUg')).toBe('image/png');
    expect(logoMime('/9j/4AAQSkZJRg')).toBe('image/jpeg');
    expect(logoMime('R0lGODlh')).toBeNull();
  });
});
