package org.fovea.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** Training curves as PNG files (XChart), the pictures CS231n's "babysitting" lecture looks at. */
final class Charts {
    private Charts() {}

    /** One line per series over a shared x axis; series with NaN-only values are skipped. */
    static void line(Path file, String title, String xLabel, String yLabel, double[] x, List<String> names, List<double[]> series)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setMarkerSize(4);
        for (int i = 0; i < names.size(); i++) {
            double[] y = series.get(i);
            boolean any = false;
            for (double v : y) any |= !Double.isNaN(v);
            if (any && x.length > 0) chart.addSeries(names.get(i), x, y);
        }
        String name = file.getFileName().toString().replaceFirst("\\.png$", "");
        BitmapEncoder.saveBitmap(chart, file.resolveSibling(name).toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
