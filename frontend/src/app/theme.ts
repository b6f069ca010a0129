import { createTheme, type MantineColorsTuple } from '@mantine/core';

// A calm slate-teal: serious enough for legal deadlines, easy on the eyes all day.
const desk: MantineColorsTuple = [
  '#e8f6f6',
  '#d3ebeb',
  '#a4d6d6',
  '#72c0c0',
  '#4badad',
  '#33a1a1',
  '#249a9a',
  '#138686',
  '#007777',
  '#006767',
];

// System fonts only (the app is offline and ships no web fonts); Inter when installed.
const systemSans =
  'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Ubuntu, Cantarell, "Helvetica Neue", Arial, sans-serif';

export const theme = createTheme({
  primaryColor: 'desk',
  primaryShade: { light: 7, dark: 5 },
  colors: { desk },
  fontFamily: systemSans,
  fontFamilyMonospace: 'ui-monospace, "SF Mono", "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
  headings: { fontFamily: systemSans, fontWeight: '650' },
  defaultRadius: 'md',
  focusRing: 'auto',
  cursorType: 'pointer',
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'md' } },
    TextInput: { defaultProps: { size: 'sm' } },
  },
});
