"""Generate the sample audio of Classe à 12 as 16-bit mono WAV (then encoded with ffmpeg)."""
import sys
import wave

import numpy as np

RATE = 22050


def tone(freq, dur, amp=0.4, attack=0.01, decay=None, harmonics=(1.0, 0.35, 0.15)):
    t = np.arange(int(RATE * dur)) / RATE
    sig = sum(h * np.sin(2 * np.pi * freq * (i + 1) * t) for i, h in enumerate(harmonics))
    sig /= sum(harmonics)
    env = np.minimum(1.0, t / attack)
    env *= np.exp(-t / (decay if decay else dur / 2.5))
    return amp * sig * env


def silence(dur):
    return np.zeros(int(RATE * dur))


def place(track, sound, at):
    start = int(at * RATE)
    end = min(len(track), start + len(sound))
    track[start:end] += sound[: end - start]


def write(path, sig):
    sig = np.clip(sig, -1, 1)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((sig * 32767).astype("<i2").tobytes())


def pulsation():
    """60 beats per minute for 24 s: 4 count-in beats (high), then 20 beats, accent every 4."""
    track = silence(24.5)
    for beat in range(24):
        if beat < 4:
            click = tone(1320, 0.12, amp=0.5, decay=0.03)
        elif (beat - 4) % 4 == 0:
            click = tone(880, 0.12, amp=0.55, decay=0.035)
        else:
            click = tone(660, 0.1, amp=0.35, decay=0.025)
        place(track, click, beat * 1.0)
    return track


# an original melody, one note per number: 1 to 10 going up, then 10 to 1 going down
SCALE = [261.63, 293.66, 329.63, 349.23, 392.00, 440.00, 493.88, 523.25, 587.33, 659.25]


def comptine():
    track = silence(23.0)
    t = 0.5
    for f in SCALE:
        place(track, tone(f, 0.9, amp=0.45, decay=0.35), t)
        t += 1.0
    t += 1.0  # a breath between the two halves
    for f in reversed(SCALE):
        place(track, tone(f, 0.9, amp=0.45, decay=0.35), t)
        t += 1.0
    return track


def retour_au_calme():
    """Three soft descending chimes, then two slow swells (4 s in, 4 s out) on a low tone."""
    track = silence(22.0)
    for i, f in enumerate((1046.5, 783.99, 523.25)):
        place(track, tone(f, 2.5, amp=0.35, decay=0.9, harmonics=(1.0, 0.2)), 0.3 + i * 0.9)
    t0 = 4.5
    for k in range(2):
        dur = 8.0
        t = np.arange(int(RATE * dur)) / RATE
        env = np.sin(np.pi * t / dur) ** 2
        swell = 0.25 * env * (np.sin(2 * np.pi * 220 * t) + 0.3 * np.sin(2 * np.pi * 330 * t)) / 1.3
        place(track, swell, t0 + k * 8.5)
    return track


if __name__ == "__main__":
    out = sys.argv[1]
    write(f"{out}/pulsation-60bpm.wav", pulsation())
    write(f"{out}/comptine-des-nombres.wav", comptine())
    write(f"{out}/signal-retour-au-calme.wav", retour_au_calme())
