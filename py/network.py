"""A 25 -> H -> 10 sigmoid network without biases, trained one image per iteration.

One vocabulary: the code uses the page explanation's letters, and names the two weight
tables for the layers they join, as the scripting API does:
    x  the image (25 inputs)   h  hidden activations (H)   y  output activations (10)
    t  the target              lr the learning rate (η in the explanation)
    w_ih  = W₁, input -> hidden weights, shape (H, 25)   (nnviz.getState().weights.inputHidden)
    w_ho  = W₂, hidden -> output weights, shape (10, H)  (nnviz.getState().weights.hiddenOutput)

Maths, as the explanation writes it:
    h = sigmoid(W₁ x)          y = sigmoid(W₂ h)          L = sum_k (t_k - y_k)^2
    delta_o (δ_out)    = dL/d(W₂ h) = 2 (y - t) y (1 - y)      dL/dW₂ = outer(delta_o, h)
    delta_h (δ_hidden) = dL/d(W₁ x) = (W₂ᵀ delta_o) h (1 - h)  dL/dW₁ = outer(delta_h, x)
    every weight w moves by -lr * dL/dw.
"""

import math
import numbers

import numpy as np

N_INPUTS = 25
N_OUTPUTS = 10
MIN_HIDDEN = 1
MAX_HIDDEN = 64
MAX_LEARNING_RATE = 10.0
DEFAULT_HIDDEN = 10
DEFAULT_LEARNING_RATE = 0.5
MAX_SEED = 2**32 - 1  # the largest seed a URL carries; Reset wraps around to 0 after it
TARGET_ON = 0.99

_TARGETS = np.eye(N_OUTPUTS) * TARGET_ON  # row d = target activations for digit d
_TARGETS.flags.writeable = False
_HALF = np.array(0.5)  # 0-d array: a cheaper ufunc operand than a Python float


class DivergenceError(ArithmeticError):
    """Training produced a non-finite loss or weight; the last finite weights were restored."""


def sigmoid(z, out=None):
    """Logistic function 1 / (1 + e^-z), computed as 0.5 + 0.5 tanh(z / 2).

    tanh never overflows, so huge |z| gives exactly 0 or 1 without warnings,
    and every step can write into `out` (no temporaries on the hot path).
    """
    if out is None:
        out = np.array(z, dtype=np.float64)  # a fresh array (0-d for a scalar) to work in
        sigmoid(out, out=out)
        return out if out.ndim else float(out)
    np.multiply(z, _HALF, out=out)
    np.tanh(out, out=out)
    np.multiply(out, _HALF, out=out)
    np.add(out, _HALF, out=out)
    return out


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def validate_hidden(h):
    """Return h as an int, or raise ValueError unless it is a whole number 1-64."""
    if not _is_int(h) or not MIN_HIDDEN <= h <= MAX_HIDDEN:
        raise ValueError(
            f"hidden layer size must be a whole number from {MIN_HIDDEN} to {MAX_HIDDEN}, got {h!r}")
    return int(h)


def validate_learning_rate(lr):
    """Return lr as a float, or raise ValueError unless it is finite, > 0 and <= 10."""
    ok = isinstance(lr, numbers.Real) and not isinstance(lr, bool) and math.isfinite(lr)
    if not ok or not 0.0 < lr <= MAX_LEARNING_RATE:
        raise ValueError(
            f"learning rate must be a finite number greater than 0 and at most "
            f"{MAX_LEARNING_RATE:g}, got {lr!r}")
    return float(lr)


def validate_seed(seed):
    """Return seed as an int, or raise ValueError unless it is a whole number >= 0."""
    if not _is_int(seed) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    return int(seed)


def validate_image(image):
    """Return the image as a new float64 array of shape (25,), or raise ValueError.

    Accepts 25 numbers (flat or 5x5), each in [0, 1]; rejects text, NaN and
    anything out of range with a message saying which.
    """
    if isinstance(image, (str, bytes)):
        raise ValueError(f"image must be {N_INPUTS} numbers, got text {image!r}")
    try:
        raw = np.asarray(image)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"image must be {N_INPUTS} numbers: {exc}") from None
    if raw.dtype.kind not in "biuf":
        raise ValueError(f"image must contain only numbers, got values of type {raw.dtype}")
    if raw.size != N_INPUTS or raw.shape not in ((N_INPUTS,), (5, 5)):
        raise ValueError(f"image must have {N_INPUTS} values (5x5), got shape {raw.shape}")
    pixels = raw.astype(np.float64).reshape(N_INPUTS)
    if np.isnan(pixels).any():
        raise ValueError("image contains NaN; every pixel must be a number from 0 to 1")
    if pixels.min() < 0.0 or pixels.max() > 1.0:
        raise ValueError(
            f"image pixels must be from 0 (white) to 1 (black), got values from "
            f"{pixels.min():g} to {pixels.max():g}")
    return pixels


def validate_label(label):
    """Return label as an int, or raise ValueError unless it is a digit 0-9."""
    if not _is_int(label) or not 0 <= label < N_OUTPUTS:
        raise ValueError(f"label must be a digit from 0 to 9, got {label!r}")
    return int(label)


def init_weights(hidden, seed):
    """Draw (w_ih, w_ho) from N(0, 1/sqrt(fan_in)).

    w_ih is drawn first, so one seed gives bit-identical weights in the browser and in tests.
    """
    hidden = validate_hidden(hidden)
    rng = np.random.default_rng(validate_seed(seed))
    w_ih = rng.normal(0.0, 1.0 / math.sqrt(N_INPUTS), size=(hidden, N_INPUTS))
    w_ho = rng.normal(0.0, 1.0 / math.sqrt(hidden), size=(N_OUTPUTS, hidden))
    return w_ih, w_ho


def target_for(label):
    """Target output activations: TARGET_ON for the correct digit, 0 for the other nine."""
    return _TARGETS[validate_label(label)].copy()


class Network:
    """The weights plus preallocated buffers, so one iteration allocates (almost) nothing.

    w_ih and w_ho are views into one flat weight buffer (one subtract updates both
    layers, one dot product checks both are finite). Change them in place or with
    set_weights(); they cannot be rebound.
    """

    def __init__(self, hidden=DEFAULT_HIDDEN, learning_rate=DEFAULT_LEARNING_RATE, seed=0):
        self.hidden = h = validate_hidden(hidden)
        self.learning_rate = learning_rate
        self.seed = validate_seed(seed)
        n_ih = h * N_INPUTS
        self._weights = np.empty(n_ih + N_OUTPUTS * h)
        self._w_ih = self._weights[:n_ih].reshape(h, N_INPUTS)
        self._w_ho = self._weights[n_ih:].reshape(N_OUTPUTS, h)
        self._w_ih[...], self._w_ho[...] = init_weights(h, self.seed)
        self._good = self._weights.copy()  # last finite weights, restored on divergence
        self._ones = np.ones_like(self._weights)
        self._steps = np.empty_like(self._weights)  # lr * dL/dw, same layout as the weights
        self._step_ih = self._steps[:n_ih].reshape(h, N_INPUTS)
        self._step_ho = self._steps[n_ih:].reshape(N_OUTPUTS, h)
        # Activations, their slopes a (1 - a) and the deltas, each in one buffer: hidden then output,
        # so the slopes of both layers take one pass. The named slices are views made once.
        self._act, self._slope, self._delta = (np.empty(h + N_OUTPUTS) for _ in range(3))
        self._hid, self._out = self._act[:h], self._act[h:]
        self._slope_h, self._slope_o = self._slope[:h], self._slope[h:]
        self._delta_h, self._delta_o = self._delta[:h], self._delta[h:]
        # 2-D views for the outer products, each one (n,1)x(1,m) np.dot.
        self._delta_h_col, self._delta_o_col = self._delta_h[:, None], self._delta_o[:, None]
        self._h_row = self._hid[None, :]

    @property
    def w_ih(self):
        """Weights into the hidden layer, shape (H, 25): row j feeds hidden neuron j."""
        return self._w_ih

    @property
    def w_ho(self):
        """Weights into the output layer, shape (10, H): w_ho[k, j] joins hidden j to output k."""
        return self._w_ho

    def set_weights(self, w_ih, w_ho):
        """Copy in new (finite) weights of the current shapes."""
        w_ih, w_ho = np.asarray(w_ih, dtype=np.float64), np.asarray(w_ho, dtype=np.float64)
        if w_ih.shape != self._w_ih.shape or w_ho.shape != self._w_ho.shape:
            raise ValueError(f"weights must have shapes {self._w_ih.shape} and {self._w_ho.shape}, "
                             f"got {w_ih.shape} and {w_ho.shape}")
        if not (np.isfinite(w_ih).all() and np.isfinite(w_ho).all()):
            raise ValueError("weights must be finite numbers")
        self._w_ih[...], self._w_ho[...] = w_ih, w_ho
        np.copyto(self._good, self._weights)

    @property
    def learning_rate(self):
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, lr):
        self._learning_rate = validate_learning_rate(lr)
        self._two_lr = np.array(2.0 * self._learning_rate)  # 0-d array: the cheapest ufunc operand

    def forward(self, image):
        """Return new arrays (hidden activations (H,), output activations (10,))."""
        x = validate_image(image)
        hidden_act = sigmoid(self._w_ih @ x)
        return hidden_act, sigmoid(self._w_ho @ hidden_act)

    def predict(self, image):
        return int(np.argmax(self.forward(image)[1]))

    def loss(self, image, label):
        error = self.forward(image)[1] - target_for(label)
        return float(error @ error)

    def gradients(self, image, label):
        """Return new arrays (dL/dw_ih, dL/dw_ho) for one image, without changing any weight."""
        x, t = validate_image(image), target_for(label)
        h, y = self.forward(x)
        delta_o = 2.0 * (y - t) * y * (1.0 - y)
        delta_h = (self._w_ho.T @ delta_o) * h * (1.0 - h)
        return np.outer(delta_h, x), np.outer(delta_o, h)

    def train_step(self, image, label):
        """One iteration on one image; returns that image's loss before the update."""
        return self._train(validate_image(image), _TARGETS[validate_label(label)])

    def _train(self, x, target):
        """Hot path for trusted input (x: float64 (25,), target: (10,)): forward, backward, update."""
        hid, out, delta_h, delta_o = self._hid, self._out, self._delta_h, self._delta_o
        sigmoid(np.dot(self._w_ih, x, out=hid), out=hid)
        sigmoid(np.dot(self._w_ho, hid, out=out), out=out)
        np.subtract(out, target, out=delta_o)  # y - t
        loss = float(np.dot(delta_o, delta_o))
        if not math.isfinite(loss):
            self._diverged(f"the loss became {loss}")
        np.multiply(self._act, self._act, out=self._slope)
        np.subtract(self._act, self._slope, out=self._slope)  # a (1 - a), both layers at once
        np.multiply(delta_o, self._slope_o, out=delta_o)
        np.multiply(delta_o, self._two_lr, out=delta_o)  # lr * dL/dz_o; lr carries into delta_h
        np.dot(delta_o, self._w_ho, out=delta_h)  # w_ho^T delta_o, before w_ho moves
        np.multiply(delta_h, self._slope_h, out=delta_h)
        np.dot(self._delta_o_col, self._h_row, out=self._step_ho)
        np.dot(self._delta_h_col, x[None, :], out=self._step_ih)
        np.subtract(self._weights, self._steps, out=self._weights)
        # The sum is finite only if every weight is (overflow would need |w| ~ 1e308: diverged anyway).
        if not math.isfinite(float(np.dot(self._weights, self._ones))):
            self._diverged("a weight became infinite or NaN")
        np.copyto(self._good, self._weights)
        return loss

    def _diverged(self, what):
        """Put back the last finite weights and stop training loudly."""
        np.copyto(self._weights, self._good)
        raise DivergenceError(
            f"Training diverged: {what}, so the weights were put back to their last finite values. "
            f"Lower the learning rate (now {self.learning_rate:g}) or press Start over.")

    def outputs_all(self, images):
        """Output activations for many images at once (row i = image i), one matmul per layer."""
        return self._outputs(_validate_images(images))

    def _outputs(self, images):
        return sigmoid(sigmoid(images @ self._w_ih.T) @ self._w_ho.T)

    def evaluate(self, images, labels):
        """Return (accuracy in [0, 1], mean loss) over the images, with the current weights."""
        images = _validate_images(images)
        labels = np.array([validate_label(label) for label in labels], dtype=np.intp)
        if len(labels) != len(images):
            raise ValueError(f"got {len(images)} images but {len(labels)} labels")
        return self._evaluate(images, labels)

    def _evaluate(self, images, labels):
        outputs = self._outputs(images)
        errors = outputs - _TARGETS[labels]
        accuracy = float(np.mean(np.argmax(outputs, axis=1) == labels))
        return accuracy, float(np.einsum("ij,ij->", errors, errors) / len(images))


def _validate_images(images):
    """Validate a batch of images; returns a float64 array (n, 25)."""
    stacked = np.array([validate_image(image) for image in images], dtype=np.float64)
    if stacked.size == 0:
        raise ValueError("need at least one image")
    return stacked
