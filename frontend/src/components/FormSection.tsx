import type { ReactNode } from 'react';
import { Card, Stack, Text, Title } from '@mantine/core';

/** FormSection is one titled card of a long form (intake, practice profile, vendor), named
 * by its title for screen readers and tests. */
export function FormSection({
  title,
  description,
  padding = 'xl',
  children,
}: {
  title: string;
  description?: ReactNode;
  padding?: 'lg' | 'xl';
  children: ReactNode;
}) {
  return (
    <Card component="section" aria-label={title} padding={padding}>
      <Stack gap={2} mb="md">
        <Title order={2} fz={17}>
          {title}
        </Title>
        {description && (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        )}
      </Stack>
      {children}
    </Card>
  );
}
