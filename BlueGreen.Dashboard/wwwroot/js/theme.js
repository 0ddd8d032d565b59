// The operator's light / dark choice, remembered in this browser (localStorage); null until they pick one.
const key = 'bluegreen.theme';

export function get() {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function set(value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or storage off: the choice lasts for this page only.
  }
}
