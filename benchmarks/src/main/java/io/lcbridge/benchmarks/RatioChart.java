package io.lcbridge.benchmarks;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws the ratio table of {@code benchmarks/run.sh} as a horizontal bar chart PNG (headless AWT, so it
 * needs nothing but the JDK). A vertical line marks 1.0, the anchor.
 *
 * <p>{@code java -Djava.awt.headless=true -cp benchmarks.jar io.lcbridge.benchmarks.RatioChart OUT.png TITLE "label=ratio" ...}
 */
public final class RatioChart {

    private RatioChart() {}

    public static void main(String[] args) throws IOException {
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].lastIndexOf('=');
            labels.add(args[i].substring(0, eq));
            values.add(Double.parseDouble(args[i].substring(eq + 1)));
        }
        int left = 430;
        int barArea = 520;
        int rowHeight = 30;
        int top = 50;
        int width = left + barArea + 90;
        int height = top + rowHeight * labels.size() + 40;
        double max = Math.max(
                1.2, values.stream().mapToDouble(Double::doubleValue).max().orElse(1.0) * 1.05);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(args[1], 10, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int i = 0; i < labels.size(); i++) {
            int y = top + i * rowHeight;
            double v = values.get(i);
            int w = (int) Math.round(barArea * Math.min(v, max) / max);
            g.setColor(v >= 1.0 ? new Color(0x2E7D32) : new Color(0xC62828));
            g.fillRect(left, y + 4, Math.max(w, 1), rowHeight - 10);
            g.setColor(Color.BLACK);
            g.drawString(labels.get(i), 10, y + rowHeight / 2 + 4);
            g.drawString(String.format(Locale.ROOT, "%.3f", v), left + w + 6, y + rowHeight / 2 + 4);
        }
        int one = left + (int) Math.round(barArea / max);
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
        g.drawLine(one, top - 5, one, top + rowHeight * labels.size());
        g.drawString("1.0 = anchor", one - 35, height - 12);
        g.dispose();
        ImageIO.write(image, "png", new File(args[0]));
    }
}
