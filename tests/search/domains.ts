/**
 * Small catalogs of other domains than the bundled AWS collection, written for the tests of how a
 * question is read: a cooking site, a Rust blog, a Python PEP-like catalog of design documents.
 * Each is a handful of articles whose words the tests below name; none was tuned on a query.
 */
import type { Article } from '../../src/catalog/types.js';
import { article, tag } from './fixtures.js';

export function cookingSite(): Article[] {
  return [
    article({ id: 'bread', title: 'Baking sourdough bread at home', summary: 'Feeding a starter, shaping the loaf and a hot oven.', authors: ['Bill Baker'], tags: [tag('baking')], published: '2023-03-01' }),
    article({ id: 'knife', title: 'Knife skills for beginners', summary: 'How to hold a chef knife, dice an onion and keep the blade sharp.', authors: ['Ana Cook'], tags: [tag('technique')], published: '2023-04-01' }),
    article({ id: 'budget', title: 'Billing your catering clients', summary: 'Invoices, deposits and what to charge per guest when you cook for events.', authors: ['Ana Cook'], tags: [tag('business')], published: '2023-05-01' }),
    article({ id: 'stock', title: 'A rich chicken stock', summary: 'Roast the bones, simmer for hours, skim the fat: a stock for soups and sauces.', authors: ['Bill Baker'], tags: [tag('soups')], published: '2023-06-01' }),
    article({ id: 'pad', title: 'Pad thai in twenty minutes', summary: 'Rice noodles, tamarind and peanuts in a wok.', authors: ['Ana Cook'], tags: [tag('noodles')], published: '2023-07-01' }),
    article({ id: 'boring', title: 'Weeknight dinners that are never boring', summary: 'Five quick meals with pantry staples.', authors: ['Ana Cook'], tags: [tag('weeknight')], published: '2023-08-01' }),
    article({ id: 'timing', title: 'Timing a roast', summary: 'Resting the meat, oven temperature and a thermometer: when the roast is done.', authors: ['Ana Cook'], tags: [tag('technique')], published: '2023-09-01' }),
  ];
}

export function rustBlog(): Article[] {
  return [
    article({ id: 'wasm', title: 'Compiling Rust to WebAssembly (Wasm)', summary: 'wasm-pack, wasm-bindgen and the linker flags a browser build needs.', authors: ['Ferris Crab'], tags: [tag('webassembly')], published: '2022-02-01' }),
    article({ id: 'rpitit', title: 'Stabilizing Return Position Impl Trait In Traits (RPITIT)', summary: 'Async functions in traits build on returning impl Trait from trait methods.', authors: ['Niko Lang'], tags: [tag('traits')], published: '2023-12-01' }),
    article({ id: 'libs', title: 'What is new in the standard libs', summary: 'Collections, iterators and the new OnceCell type.', authors: ['Ferris Crab'], tags: [tag('std')], published: '2023-06-01' }),
    article({ id: 'link', title: 'Faster link times with mold', summary: 'The linker is often the slowest step of an incremental build; mold and lld cut link time.', authors: ['Ferris Crab'], tags: [tag('tooling')], published: '2023-01-01' }),
    article({ id: 'docs', title: 'Writing great docs with rustdoc', summary: 'Doc comments, examples that run as tests, and intra-doc links.', authors: ['Niko Lang'], tags: [tag('documentation')], published: '2022-09-01' }),
    article({ id: 'cargo', title: 'Cargo.lock in libraries', summary: 'Why the guidance for committing Cargo.lock changed for library crates.', authors: ['Ed Page'], tags: [tag('cargo')], published: '2023-08-01' }),
    article({ id: 'async', title: 'Async Rust in 2023', summary: 'Where async functions, executors and cancellation stand.', authors: ['Niko Lang'], tags: [tag('async')], published: '2023-03-01' }),
  ];
}
