import { useState, type RefObject } from 'react';
import { TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { navigate, useRoute } from '@/lib/router';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

// The header's search box: Enter opens the Requests list searched for the text, which
// searches reference, name, email, phone and notes.
export function GlobalSearch({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
  const route = useRoute();
  const [text, setText] = useState('');
  return (
    <form
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        const q = text.trim();
        // A whole reference opens that request directly.
        if (/^PR-\d{4}-\d{4,}$/i.test(q)) {
          navigate(`requests/${q.toUpperCase()}`);
          return;
        }
        const params = route.segments[0] === 'requests' && route.segments.length === 1 ? new URLSearchParams(route.params) : new URLSearchParams();
        if (q) params.set('q', q);
        else params.delete('q');
        navigate('requests', params);
      }}
    >
      <TextInput
        ref={inputRef}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setText('');
            e.currentTarget.blur();
          }
        }}
        type="search"
        placeholder="Search requests: reference, name, email, phone"
        aria-label="Search requests"
        leftSection={<IconSearch size={16} stroke={1.8} />}
        rightSection={<kbd className="pd-kbd">{isMac ? '⌘K' : 'Ctrl+K'}</kbd>}
        rightSectionWidth={64}
        radius="md"
      />
    </form>
  );
}
