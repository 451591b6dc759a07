// Which inits start which activation. The knot-placing starts (mixed, curvature, spread, ...) build ReLU hinges:
// they start any piecewise-linear unit (leaky-relu, abs: same knots, the output layer re-solved)
// and no smooth one; the cascade is built of ReLUs alone. Smooth units start from 'varied' when no
// init is given: restarts of different kinds (He-uniform, then the best-found search's curvature,
// taylor and knot starts: math/smooth-starts.ts), measured in docs/activations.md; he and glorot
// stay selectable. 'varied' spreads smooth units; piecewise-linear ones have the knot starts.
import { activation, type ActivationName } from '../math/activations.js';
import { initRefusal, KNOT_INITS, type Init } from '../math/init.js';

/** The init of a smooth activation when none is given: restarts of different kinds (He-uniform first). */
export const SMOOTH_INIT: Init = 'varied';
/** The init of a piecewise-linear activation when none is given (the table's default). */
export const PIECEWISE_INIT: Init = 'mixed';

/** The init a run of this activation gets when the settings name none. */
export const defaultInitFor = (act: ActivationName): Init => (activation(act).piecewiseLinear ? PIECEWISE_INIT : SMOOTH_INIT);

/** Why `init` cannot start this activation and architecture, or null when it can. */
export function activationInitRefusal(init: Init, act: ActivationName, inputs: number, widths: readonly number[], domain?: readonly [number, number]): string | null {
  if (init === 'cascade' && act !== 'relu') return `the cascade is built of ReLUs; --activation ${act} starts from ${defaultInitFor(act)} (or he, glorot)`;
  if (init === 'varied' && activation(act).piecewiseLinear) return `varied spreads smooth units; ${act} is piecewise-linear (use ${PIECEWISE_INIT}, its default, or another knot start, he or glorot)`;
  if ((KNOT_INITS as readonly string[]).includes(init) && !activation(act).piecewiseLinear) {
    return `${init} places the kinks of piecewise-linear units; ${act} is smooth (use ${SMOOTH_INIT}, its default, he or glorot)`;
  }
  return initRefusal(init, inputs, widths, widths.map(() => 'relu'), domain);
}
