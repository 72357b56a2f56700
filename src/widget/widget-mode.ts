import type { WidgetLayout, WidgetPlacement, WidgetTheme, WidgetTracking } from './widget-kinds';

/** The element's attributes, read and checked (the theme's custom properties travel apart). */
export interface WidgetModeSettings {
  readonly count: number;
  readonly layout: WidgetLayout;
  readonly lang: string;
  readonly theme: WidgetTheme;
  readonly placement: WidgetPlacement;
  readonly tracking: WidgetTracking;
}

/** How a `<sift-recs>` runs: in a frame from Sift's origin (the default), or inline in the host page. */
export interface WidgetMode {
  update(settings: WidgetModeSettings): void;
  track(itemId: string, kind: string): Promise<void>;
  refresh(): Promise<void>;
  stop(): void;
}
