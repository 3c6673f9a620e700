// The notice area under the run bar: ignored link parameters, refused settings, restarts and
// errors, each as text (never HTML: parts may come from the URL). A notice in a named slot
// replaces the previous one there; info notices fade after a few seconds.
// Not a log: only the latest notice per slot is kept.
import { t } from '../shared/i18n.js';

const INFO_MS = 6000;

export class Notices {
  constructor(root) {
    this.root = root;
    this.slots = new Map();
  }

  /** kind: 'info' | 'warn' | 'error'; items: extra lines shown as a list. */
  show(kind, title, items = [], slot = kind) {
    this.slots.get(slot)?.remove();
    const box = document.createElement('div');
    box.className = `notice ${kind}`;
    box.dataset.slot = slot;
    box.setAttribute('role', kind === 'info' ? 'status' : 'alert');
    const text = document.createElement('p');
    text.textContent = title;
    box.append(text);
    if (items.length) {
      const ul = document.createElement('ul');
      for (const item of items) {
        const li = document.createElement('li');
        li.textContent = item;
        ul.append(li);
      }
      box.append(ul);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'notice-close';
    close.textContent = '×';
    close.setAttribute('aria-label', t('dismiss'));
    close.addEventListener('click', () => { box.remove(); this.slots.delete(slot); });
    box.append(close);
    this.root.append(box);
    this.slots.set(slot, box);
    if (kind === 'info') {
      setTimeout(() => { if (this.slots.get(slot) === box) { box.remove(); this.slots.delete(slot); } }, INFO_MS);
    }
  }
}
