package com.aftersales.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request to Camunda's APIs, told apart by where it goes: the engine's REST API (under
 * {@code /engine-rest}, or the webapps' copy under {@code /camunda/api/engine/engine/{engine}}) with its
 * path inside the engine ({@code task/{id}/complete}), a Cockpit, Tasklist or Admin plugin, or what any
 * visitor needs (login, logout, the webapps' scripts).
 *
 * @param path the segments inside the area, decoded, without matrix parameters or empty segments
 * @param engine the process engine's name, {@code null} where the path names none
 * @param uri the request's path as sent, for messages
 */
record EngineCall(Area area, String method, List<String> path, String engine, String uri) {

    enum Area {
        /** Camunda's REST API: {@code /engine-rest/…} and {@code /camunda/api/engine/engine/{engine}/…}. */
        ENGINE,
        /** {@code /camunda/api/cockpit/plugin/{plugin}/{engine}/…} (Cockpit's own queries). */
        COCKPIT,
        /** {@code /camunda/api/tasklist/plugin/{plugin}/{engine}/…}. */
        TASKLIST,
        /** The Admin webapp's API and anything else under {@code /camunda/api}. */
        ADMIN,
        /** Login, logout, the logged-in user, first-admin setup, password policy, plugin scripts: Camunda decides. */
        OPEN
    }

    /** @param uri the request URI without the context path; {@code webapps} the webapps' path, e.g. {@code /camunda} */
    static EngineCall of(String method, String uri, String webapps) {
        List<String> segments = segments(uri);
        List<String> app = segments(webapps);
        if (!segments.isEmpty() && segments.get(0).equals("engine-rest")) {
            List<String> rest = segments.subList(1, segments.size());
            if (rest.size() >= 2 && rest.get(0).equals("engine"))
                return new EngineCall(Area.ENGINE, method, rest.subList(2, rest.size()), rest.get(1), uri);
            return new EngineCall(Area.ENGINE, method, rest, null, uri);
        }
        List<String> api = new ArrayList<>(app);
        api.add("api");
        if (segments.size() < api.size() + 1 || !segments.subList(0, api.size()).equals(api)) return null;
        List<String> rest = segments.subList(api.size(), segments.size());
        String first = rest.get(0);
        if (first.equals("engine")) {
            // /camunda/api/engine/engine/{engine}/…
            if (rest.size() <= 2) return new EngineCall(Area.OPEN, method, rest, null, uri);
            List<String> inside = rest.subList(3, rest.size());
            if (inside.equals(List.of("identity", "password-policy")))
                return new EngineCall(Area.OPEN, method, inside, rest.get(2), uri);
            return new EngineCall(Area.ENGINE, method, inside, rest.get(2), uri);
        }
        if (rest.size() >= 4 && rest.get(1).equals("plugin") && rest.get(3).equals("static")) {
            return new EngineCall(Area.OPEN, method, rest, null, uri);
        }
        if (first.equals("admin")
                && rest.size() >= 2
                && (rest.get(1).equals("auth") || rest.get(1).equals("setup"))) {
            return new EngineCall(Area.OPEN, method, rest, null, uri);
        }
        if ((first.equals("cockpit") || first.equals("tasklist"))
                && rest.size() >= 4
                && rest.get(1).equals("plugin")) {
            return new EngineCall(
                    first.equals("cockpit") ? Area.COCKPIT : Area.TASKLIST,
                    method,
                    rest.subList(4, rest.size()),
                    rest.get(3),
                    uri);
        }
        return new EngineCall(
                Area.ADMIN, method, rest, rest.size() >= 4 && rest.get(1).equals("plugin") ? rest.get(3) : null, uri);
    }

    private static List<String> segments(String uri) {
        List<String> segments = new ArrayList<>();
        for (String raw : uri.split("/")) {
            int matrix = raw.indexOf(';');
            String segment = URLDecoder.decode(
                    (matrix >= 0 ? raw.substring(0, matrix) : raw).replace("+", "%2B"), StandardCharsets.UTF_8);
            if (!segment.isEmpty()) segments.add(segment);
        }
        return segments;
    }

    /** {@code task/*}/complete: {@code *} is one segment, a trailing {@code **} any number (also none). */
    boolean matches(String pattern) {
        String[] parts = pattern.isEmpty() ? new String[0] : pattern.split("/");
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("**")) return true;
            if (i >= path.size()) return false;
            if (!parts[i].equals("*") && !parts[i].equals(path.get(i))) return false;
        }
        return parts.length == path.size();
    }

    String segment(int index) {
        return index < path.size() ? path.get(index) : null;
    }

    /** The task id of {@code task/{id}/…}, else {@code null}. */
    String taskId() {
        return area == Area.ENGINE && path.size() >= 2 && path.get(0).equals("task") ? path.get(1) : null;
    }

    String describe() {
        return method + " " + uri;
    }
}
