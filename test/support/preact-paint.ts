import { options } from 'preact';

// Preact runs `useEffect` callbacks after the next paint: on an animation frame, or after a 35 ms
// Node timer if no frame comes first. That timer can fire after vitest has torn the jsdom window
// down, and it then calls `cancelAnimationFrame`, which is gone: an uncaught ReferenceError that
// fails the run although every test passed. jsdom's own frames stop with its window, so in these
// suites effects wait for a frame only.
options.requestAnimationFrame = (callback) => requestAnimationFrame(callback);
