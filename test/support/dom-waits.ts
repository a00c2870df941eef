import { configure } from '@testing-library/preact';

// Component tests wait for what the user would see (`findBy…`, `waitFor`). Testing Library gives up
// after 1 s by default; on a busy 2-core machine a lazily loaded chunk or a language file can take
// longer than that to arrive, and the test then fails on the clock rather than on the page. The
// waits still end as soon as their condition holds; only the give-up point moves.
configure({ asyncUtilTimeout: 10_000 });
