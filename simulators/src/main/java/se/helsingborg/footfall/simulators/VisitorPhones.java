package se.helsingborg.footfall.simulators;

import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The phones of simulated visitors, as presence sensors hear them: a share of visitors
 * ({@link #SHARE}) carries one whose Wi-Fi address the sensors pick up, the same address all day
 * (a fake, locally administered MAC drawn from the visitor's number); the others are never seen.
 * Drawn from the visitor alone, never from the seed's other streams, so faults change nothing here
 * and the truth's stays of the visitors who carry one can be picked out ({@link #carries}).
 */
public final class VisitorPhones {
    /** Phones with Wi-Fi on and heard by the sniffers: most visitors, not all. */
    public static final double SHARE = 0.7;
    private static final long SALT = 0x5EED_F0F7_FA11L;

    private VisitorPhones() {}

    public static boolean carries(int visitor) {
        return new SplittableRandom(SALT ^ visitor).nextDouble() < SHARE;
    }

    /** The visitor's phone's address, {@code 02:xx:xx:xx:xx:xx} (locally administered, like a randomised MAC). */
    public static String mac(int visitor) {
        SplittableRandom r = new SplittableRandom(SALT * 31 + visitor);
        byte[] b = new byte[6];
        for (int i = 1; i < 6; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        b[0] = 0x02;
        return HexFormat.ofDelimiter(":").formatHex(b);
    }
}
