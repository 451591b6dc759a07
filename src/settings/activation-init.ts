// Which inits start which activation. The knot-placing starts (mixed, curvature, spread, ...) build ReLU hinges:
// they start any piecewise-linear unit (leaky-relu, abs: same knots, the output layer re-solved)
// and no smooth one; the cascade is built of ReLUs alone. Smooth units start from He-uniform
// weights (measured for docs/activations.md), which is their default when no init is given.
import { activation, type ActivationName } from '../math/activations.js';
import { initRefusal, KNOT_INITS, type Init } from '../math/init.js';

/** The init of a smooth activation when none is given: He-uniform (the usual start of deep nets). */
export const SMOOTH_INIT: Init = 'he';
/** The init of a piecewise-linear activation when none is given (the table's default). */
export const PIECEWISE_INIT: Init = 'mixed';

/** The init a run of this activation gets when the settings name none. */
export const defaultInitFor = (act: ActivationName): Init => (activation(act).piecewiseLinear ? PIECEWISE_INIT : SMOOTH_INIT);

/** Why `init` cannot start this activation and architecture, or null when it can. */
export function activationInitRefusal(init: Init, act: ActivationName, inputs: number, widths: readonly number[], domain?: readonly [number, number]): string | null {
  if (init === 'cascade' && act !== 'relu') return `the cascade is built of ReLUs; --activation ${act} starts from ${defaultInitFor(act)}${defaultInitFor(act) === 'he' ? ' (or glorot)' : ' (or he, glorot)'}`;
  if ((KNOT_INITS as readonly string[]).includes(init) && !activation(act).piecewiseLinear) {
    return `${init} places the kinks of piecewise-linear units; ${act} is smooth (use he or glorot; its default is ${SMOOTH_INIT})`;
  }
  return initRefusal(init, inputs, widths, widths.map(() => 'relu'), domain);
}
