/** Google Maps takes at most 9 waypoints in a directions URL opened on a phone (more on desktop). */
export const MAPS_MAX_WAYPOINTS = 9;

export interface NavPoint {
  lat: number;
  lon: number;
}

/** One directions link: it covers `stops[from..to]` (1-based stop numbers of the day, inclusive; 0 = none). */
export interface NavigationLink {
  url: string;
  /** first and last stop number the link drives to (the base is 0 and not counted) */
  from: number;
  to: number;
}

const point = (x: NavPoint): string => `${x.lat.toFixed(5)},${x.lon.toFixed(5)}`;

/**
 * Google Maps directions URLs (https://developers.google.com/maps/documentation/urls/get-started#directions-action)
 * for base → stops → base, driving. When the day has more stops than one URL takes (`maxWaypoints` between
 * origin and destination), it is split: each link ends at a stop and the next one starts from it, the last
 * one ends at the base.
 */
export function navigationLinks(base: NavPoint, stops: readonly NavPoint[], maxWaypoints: number = MAPS_MAX_WAYPOINTS): NavigationLink[] {
  if (!Number.isInteger(maxWaypoints) || maxWaypoints < 0) throw new Error(`maxWaypoints must be a non-negative integer, got ${maxWaypoints}`);
  const points = [base, ...stops, base];
  const last = points.length - 1;
  const links: NavigationLink[] = [];
  for (let i = 0; i < last; ) {
    const j = Math.min(i + maxWaypoints + 1, last);
    const params = new URLSearchParams({ api: '1', origin: point(points[i]!), destination: point(points[j]!), travelmode: 'driving' });
    const waypoints = points.slice(i + 1, j).map(point);
    if (waypoints.length > 0) params.set('waypoints', waypoints.join('|'));
    const to = Math.min(j, stops.length);
    links.push({ url: `https://www.google.com/maps/dir/?${params.toString()}`, from: Math.min(i + 1, to), to });
    i = j;
  }
  return links;
}
