/**
 * Draws users, organizations and resellers and the links between them as the partner program's
 * concept pictures do: people, companies and resellers, each with its own shape and colour. The
 * callers decide what to draw (the nodes, the links, the root); Cytoscape.js lays it out and draws.
 */
import type { Core, ElementDefinition } from 'cytoscape';

/** GraphLink is one tuple to draw: user --relation--> object. */
export interface GraphLink {
  user: string;
  relation: string;
  object: string;
}

/** GraphSpec is what to draw: the links, the node(s) to put first, and nodes to mark. */
export interface GraphSpec {
  links: GraphLink[];
  roots: string[];
  /** marked nodes are the question's ends (the user and the object), drawn with a thick border. */
  marked?: string[];
  /** onOpen is called with a node's key when a person clicks it. */
  onOpen?: (key: string) => void;
  /** layout: 'layers. reads top to bottom from the roots (paths); 'around' puts the root in the middle (an entity's links). */
  layout: 'layers' | 'around';
}

/** CYTOSCAPE_STYLESHEET_ID is the id by which Cytoscape looks for the stylesheet it would otherwise inject. */
const CYTOSCAPE_STYLESHEET_ID = '__________cytoscape_stylesheet';

const COLOURS: Record<string, string> = { user: '#2563eb', organization: '#15803d', reseller: '#c2410c' };
const SHAPES: Record<string, string> = { user: 'ellipse', organization: 'round-rectangle', reseller: 'hexagon' };

/** typeOf is the type part of `type:id`. */
export const typeOf = (key: string) => key.slice(0, key.indexOf(':'));

/** elementsOf makes one node per entity and one edge per link, each edge labelled with its relation. */
function elementsOf(spec: GraphSpec): ElementDefinition[] {
  const nodes = new Map<string, ElementDefinition>();
  const marked = new Set(spec.marked ?? []);
  const node = (key: string) => {
    if (nodes.has(key)) return;
    const type = typeOf(key);
    nodes.set(key, { data: { id: key, label: key.slice(type.length + 1), type, colour: COLOURS[type] ?? '#475569', shape: SHAPES[type] ?? 'diamond' }, classes: marked.has(key) ? 'marked' : '' });
  };
  for (const r of spec.roots) node(r);
  const edges = new Map<string, ElementDefinition>();
  for (const l of spec.links) {
    node(l.user);
    node(l.object);
    const id = `${l.user} ${l.relation} ${l.object}`;
    edges.set(id, { data: { id, source: l.user, target: l.object, label: l.relation } });
  }
  return [...nodes.values(), ...edges.values()];
}

/** drawn are the graphs on the page, so those whose box left it can be let go (graph.ts's own listeners would touch them). */
const drawn = new Set<Core>();

/** releaseGraphs destroys every graph whose box is no longer in the document: a page left, or an answer replaced. */
export function releaseGraphs(): void {
  for (const cy of drawn) {
    if (cy.container()?.isConnected) continue;
    cy.destroy();
    drawn.delete(cy);
  }
}

/** draw renders spec into container (replacing what was there) and resolves once it is laid out; undefined when the box left the page first. */
export async function draw(container: HTMLElement, spec: GraphSpec): Promise<Core | undefined> {
  // Loaded on first use: the sign-in page and the lists need no graph library.
  const { default: cytoscape } = await import('cytoscape');
  // Cytoscape adds an inline <style> (position: relative for its container) unless an element with
  // this id exists; the page's CSP refuses inline styles, so styles.css carries that rule instead.
  if (!document.getElementById(CYTOSCAPE_STYLESHEET_ID)) document.head.append(Object.assign(document.createElement('meta'), { id: CYTOSCAPE_STYLESHEET_ID }));
  releaseGraphs();
  // The person may have moved on while the library loaded: draw nothing into a box no longer shown.
  if (!container.isConnected) return undefined;
  const elements = elementsOf(spec);
  const cy = cytoscape({
    container,
    elements,
    wheelSensitivity: 0.3,
    minZoom: 0.05,
    maxZoom: 3,
    style: [
      {
        selector: 'node',
        style: {
          'background-color': 'data(colour)',
          shape: 'data(shape)' as never,
          label: 'data(label)',
          color: '#0f172a',
          'font-size': 12,
          'text-valign': 'bottom',
          'text-margin-y': 4,
          width: 34,
          height: 34,
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.8,
          'text-background-padding': '2px',
        },
      },
      { selector: 'node.marked', style: { 'border-width': 4, 'border-color': '#0f172a', width: 42, height: 42 } },
      {
        selector: 'edge',
        style: {
          width: 2,
          'line-color': '#64748b',
          'target-arrow-color': '#64748b',
          'target-arrow-shape': 'triangle',
          'curve-style': 'bezier',
          label: 'data(label)',
          'font-size': 10,
          color: '#334155',
          'text-rotation': 'autorotate',
          'text-background-color': '#f8fafc',
          'text-background-opacity': 0.9,
          'text-background-padding': '1px',
        },
      },
    ],
    layout: { name: 'grid' },
  });
  drawn.add(cy);
  const roots = spec.roots.filter((r) => cy.getElementById(r).nonempty());
  const layout =
    spec.layout === 'layers'
      ? cy.layout({ name: 'breadthfirst', directed: true, roots: roots.map((r) => `[id = ${JSON.stringify(r)}]`).join(', ') || undefined, spacingFactor: 1.1, avoidOverlap: true, animate: false } as never)
      : cy.layout({ name: 'concentric', concentric: (n: { id(): string }) => (roots.includes(n.id()) ? 2 : 1), levelWidth: () => 1, minNodeSpacing: 70, animate: false } as never);
  const done = new Promise<void>((resolve) => layout.one('layoutstop', () => resolve()));
  layout.run();
  await done;
  fit(cy);
  // A window made narrower (a phone turned) keeps the whole picture in view.
  cy.on('resize', () => fit(cy));
  if (spec.onOpen) {
    cy.on('tap', 'node', (e) => spec.onOpen?.(e.target.id()));
    cy.on('mouseover', 'node', () => (container.style.cursor = 'pointer'));
    cy.on('mouseout', 'node', () => (container.style.cursor = ''));
  }
  return cy;
}

/** fit shows the whole graph, but a small one at reading size rather than blown up to fill the box. */
function fit(cy: Core): void {
  if (!cy.container()?.isConnected) return releaseGraphs();
  cy.fit(undefined, 24);
  if (cy.zoom() > 1) {
    cy.zoom(1);
    cy.center();
  }
}

/** legend names the shapes, so the picture reads without knowing the colours. */
export const LEGEND: [string, string][] = [
  ['user', 'person (circle, blue)'],
  ['organization', 'organization (rounded box, green)'],
  ['reseller', 'reseller (hexagon, orange)'],
];
