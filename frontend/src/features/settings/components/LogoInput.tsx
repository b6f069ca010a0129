import { useState } from 'react';
import { Button, FileButton, Group, Image, Input, Paper, Stack, Text } from '@mantine/core';
import { IconPhoto, IconTrash, IconUpload } from '@tabler/icons-react';

export const maxLogoBytes = 1 << 20; // backend.MaxLogoBytes

/** logoMime guesses the image type from the base64 text's first bytes (PNG or JPEG). */
export function logoMime(base64: string): string | null {
  if (base64.startsWith('iVBORw0KGgo')) return 'image/png';
  if (base64.startsWith('/9j/')) return 'image/jpeg';
  return null;
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      const url = String(r.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

/** checkLogoFile returns why a file cannot be the logo, or null. */
export function checkLogoFile(file: File): string | null {
  if (file.type !== 'image/png' && file.type !== 'image/jpeg') {
    return `${file.name} is not a PNG or JPEG image.`;
  }
  if (file.size > maxLogoBytes) {
    return `${file.name} is ${Math.ceil(file.size / 1024)} KB; the limit is ${maxLogoBytes / 1024} KB.`;
  }
  return null;
}

export function LogoInput({ value, onChange, error }: { value: string | null; onChange: (v: string | null) => void; error?: React.ReactNode }) {
  const [localError, setLocalError] = useState<string | null>(null);
  const mime = value ? logoMime(value) : null;
  return (
    <Input.Wrapper
      label="Logo"
      description="PNG or JPEG, at most 1 MB. Printed at the top of every letter."
      error={localError ?? error}
      id="practice-logo"
    >
      <Group mt={6} gap="md" align="center" wrap="nowrap">
        <Paper withBorder w={160} h={80} p={6} style={{ display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
          {value && mime ? (
            <Image src={`data:${mime};base64,${value}`} alt="Practice logo" fit="contain" h={66} w={146} />
          ) : (
            <Stack gap={2} align="center">
              <IconPhoto size={22} color="var(--mantine-color-dimmed)" />
              <Text size="xs" c="dimmed">
                No logo
              </Text>
            </Stack>
          )}
        </Paper>
        <Stack gap={6}>
          <FileButton
            accept="image/png,image/jpeg"
            onChange={async (file) => {
              if (!file) return;
              const problem = checkLogoFile(file);
              setLocalError(problem);
              if (problem) return;
              onChange(await readBase64(file));
            }}
          >
            {(props) => (
              <Button {...props} variant="default" size="xs" leftSection={<IconUpload size={14} />} id="practice-logo">
                {value ? 'Replace logo…' : 'Choose a logo…'}
              </Button>
            )}
          </FileButton>
          {value && (
            <Button
              variant="subtle"
              color="red"
              size="xs"
              leftSection={<IconTrash size={14} />}
              onClick={() => {
                setLocalError(null);
                onChange(null);
              }}
            >
              Remove logo
            </Button>
          )}
        </Stack>
      </Group>
    </Input.Wrapper>
  );
}
