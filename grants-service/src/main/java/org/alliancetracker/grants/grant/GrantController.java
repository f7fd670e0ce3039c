package org.alliancetracker.grants.grant;

import java.net.URI;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/grants")
class GrantController {

    private final Grants grants;

    GrantController(Grants grants) {
        this.grants = grants;
    }

    @PostMapping
    Mono<ResponseEntity<GrantView>> award(@Valid @RequestBody GrantRequest request) {
        return grants.award(request)
                .map(view -> ResponseEntity.created(URI.create("/api/v1/grants/" + view.id())).body(view));
    }

    @GetMapping("/{id}")
    Mono<GrantView> get(@PathVariable String id) {
        return grants.find(id);
    }
}
