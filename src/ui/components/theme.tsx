import React, {createContext, useContext} from 'react';

export interface Theme {
  /** False with NO_COLOR / --no-color: only styles that are not colours (bold, markers) remain. */
  color: boolean;
}

const ThemeContext = createContext<Theme>({color: true});

export function ThemeProvider(props: {theme: Theme; children: React.ReactNode}) {
  return <ThemeContext.Provider value={props.theme}>{props.children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
