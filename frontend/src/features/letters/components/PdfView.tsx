import { useEffect, useState } from 'react';
import { Box, Text } from '@mantine/core';
import { pdfBlobURL } from '../api/letters';

/** PdfView shows PDF bytes (base64) as the browser engine draws them, from a blob: URL
 * that lives as long as the bytes do. */
export function PdfView({ pdf, title, height = 640 }: { pdf: string; title: string; height?: number | string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const u = pdfBlobURL(pdf);
    // The blob: URL is an outside resource the effect creates and revokes; the state
    // only hands it to the iframe.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- see above
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [pdf]);
  if (!url) return null;
  return (
    <Box h={height} style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4, overflow: 'hidden', background: '#525659' }}>
      <iframe src={`${url}#view=FitH`} title={title} style={{ width: '100%', height: '100%', border: 0 }} data-testid="pdf-view" />
      <Text hidden>{title}</Text>
    </Box>
  );
}
