package com.aftersales.config;

import org.camunda.bpm.engine.rest.hal.cache.HalRelationCacheBootstrap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;

/**
 * Tasklist asks for its task lists as hal+json: the tasks with their assignees and process
 * definitions embedded. Without a cache the REST API looks both up again in the database on every
 * request (two more engine commands, each with its authorization checks); with it, a user's name
 * and a deployed definition are read once per {@code aftersales.tasklist.hal-cache-ttl-seconds}. Both are
 * readable by every Tasklist user (AccessGrants: READ on users and process definitions). Candidate
 * groups are not cached: they change with the task.
 */
@Configuration
public class TasklistHalCache {

    public TasklistHalCache(@Value("${aftersales.tasklist.hal-cache-ttl-seconds:300}") int secondsToLive) {
        if (secondsToLive <= 0) return;
        String cache = "{\"capacity\": 1000, \"secondsToLive\": " + secondsToLive + "}";
        new HalRelationCacheBootstrap().configureCaches("""
                {"cacheImplementation": "org.camunda.bpm.engine.rest.hal.cache.DefaultHalResourceCache",
                 "caches": {"org.camunda.bpm.engine.rest.hal.user.HalUser": %s,
                            "org.camunda.bpm.engine.rest.hal.processDefinition.HalProcessDefinition": %s}}""".formatted(cache, cache));
    }
}
