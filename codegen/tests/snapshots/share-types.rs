/// The exports of an instance of world `http-interface`, with the functions to link its imports and to instantiate it.
pub struct HttpInterface {
    instance: ::hoist::component::Instance,
    http_handler: self::exports::http_handler::Guest,
}
impl HttpInterface {
    /// Registers everything world `http-interface` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: self::foo::foo::http_types::Host + self::http_fetch::Host,
    {
        self::foo::foo::http_types::add_to_linker(linker, get)?;
        self::http_fetch::add_to_linker(linker, get)?;
        ::core::result::Result::Ok(())
    }
    /// Instantiates `component` with the imports registered in `linker` and looks up the exports of world `http-interface`. Returns the exports and the instance.
    pub fn instantiate<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        component: &::hoist::component::Component,
        linker: &::hoist::component::Linker<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = linker.instantiate(store.as_context_mut(), component)?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Instantiates a pre-linked component and looks up the exports of world `http-interface`. Returns the exports and the instance.
    pub fn instantiate_pre<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        pre: &::hoist::component::InstancePre<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = pre.instantiate(store.as_context_mut())?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Looks up and type-checks the exports of world `http-interface` in an already created `instance`.
    #[allow(unused_mut, unused_variables)]
    pub fn new(
        mut store: impl ::hoist::AsContextMut,
        instance: &::hoist::component::Instance,
    ) -> ::hoist::anyhow::Result<Self> {
        let http_handler = {
            let index = instance
                .get_export_index(
                    store.as_context_mut(),
                    ::core::option::Option::None,
                    "http-handler",
                )
                .ok_or_else(|| {
                    ::hoist::anyhow::anyhow!(
                        "no exported instance `http-handler` in world http-interface"
                    )
                })?;
            self::exports::http_handler::Guest::new(
                store.as_context_mut(),
                instance,
                &index,
            )?
        };
        ::core::result::Result::Ok(Self {
            instance: instance.clone(),
            http_handler,
        })
    }
    /// The instance these exports belong to.
    pub fn instance(&self) -> &::hoist::component::Instance {
        &self.instance
    }
    /// The functions of the exported interface `http-handler`.
    pub fn http_handler(&self) -> &self::exports::http_handler::Guest {
        &self.http_handler
    }
}
#[allow(clippy::all)]
pub mod foo {
    //! Bindings generated from WIT, for `foo`.
    pub mod foo {
        //! Bindings generated from WIT, for `foo/foo`.
        pub mod http_types {
            //! Bindings generated from WIT, for `foo/foo/http_types`.
            /// The WIT type `request`.
            #[derive(
                ::hoist::component::ComponentType,
                ::hoist::component::Lift,
                ::hoist::component::Lower
            )]
            #[component(record)]
            #[derive(Clone, Debug, PartialEq, Eq)]
            pub struct Request {
                /// The field `method`.
                pub method: ::std::string::String,
            }
            /// The WIT type `response`.
            #[derive(
                ::hoist::component::ComponentType,
                ::hoist::component::Lift,
                ::hoist::component::Lower
            )]
            #[component(record)]
            #[derive(Clone, Debug, PartialEq, Eq)]
            pub struct Response {
                /// The field `body`.
                pub body: ::std::string::String,
            }
            /// The host's implementation of the imported interface `foo:foo/http-types`.
            pub trait Host {}
            /// Registers the functions of `foo:foo/http-types` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let _ = get;
                let mut root = linker.root();
                root.instance("foo:foo/http-types")?;
                ::core::result::Result::Ok(())
            }
        }
    }
}
#[allow(clippy::all)]
pub mod http_fetch {
    //! Bindings generated from WIT, for `http_fetch`.
    /// The WIT type `request`.
    pub use super::foo::foo::http_types::Request;
    /// The WIT type `response`.
    pub use super::foo::foo::http_types::Response;
    /// The host's implementation of the imported interface `http-fetch`.
    pub trait Host {
        /// The WIT function `fetch-request`.
        fn fetch_request(
            &mut self,
            request: Request,
        ) -> ::hoist::anyhow::Result<Response>;
    }
    /// Registers the functions of `http-fetch` in `linker`, calling the `Host` reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: Host,
    {
        let mut root = linker.root();
        let mut inst = root.instance("http-fetch")?;
        inst.func_wrap(
            "fetch-request",
            move |
                mut caller: ::hoist::StoreContextMut<'_, T_>,
                (arg0,): (Request,),
            | -> ::hoist::anyhow::Result<(Response,)> {
                let host = get(caller.data_mut());
                let r = Host::fetch_request(host, arg0)?;
                ::core::result::Result::Ok((r,))
            },
        )?;
        ::core::result::Result::Ok(())
    }
}
#[allow(clippy::all)]
pub mod exports {
    //! Bindings generated from WIT, for `exports`.
    pub mod http_handler {
        //! Bindings generated from WIT, for `exports/http_handler`.
        /// The WIT type `request`.
        pub use super::super::foo::foo::http_types::Request;
        /// The WIT type `response`.
        pub use super::super::foo::foo::http_types::Response;
        /// Typed access to the functions of the exported interface `http-handler`.
        pub struct Guest {
            instance: ::hoist::component::Instance,
            handle_request_index: ::hoist::component::ComponentExportIndex,
        }
        impl Guest {
            /// Looks up and type-checks every function of `http-handler` in `instance`, where `index` is the export index of the interface itself.
            #[allow(unused_mut, unused_variables)]
            pub fn new(
                mut store: impl ::hoist::AsContextMut,
                instance: &::hoist::component::Instance,
                index: &::hoist::component::ComponentExportIndex,
            ) -> ::hoist::anyhow::Result<Guest> {
                let handle_request_index = instance
                    .get_export_index(
                        store.as_context_mut(),
                        ::core::option::Option::Some(index),
                        "handle-request",
                    )
                    .ok_or_else(|| {
                        ::hoist::anyhow::anyhow!(
                            "no exported function `handle-request` in exported interface `http-handler`"
                        )
                    })?;
                instance
                    .get_typed_func::<
                        (Request,),
                        (Response,),
                    >(store.as_context_mut(), &handle_request_index)?;
                ::core::result::Result::Ok(Guest {
                    instance: instance.clone(),
                    handle_request_index,
                })
            }
            /// The WIT function `handle-request`.
            pub fn call_handle_request(
                &self,
                mut store: impl ::hoist::AsContextMut,
                request: Request,
            ) -> ::hoist::anyhow::Result<Response> {
                let callee = self
                    .instance
                    .get_typed_func::<
                        (Request,),
                        (Response,),
                    >(store.as_context_mut(), &self.handle_request_index)?;
                let (ret0,) = callee.call(store.as_context_mut(), (request,))?;
                ::core::result::Result::Ok(ret0)
            }
        }
    }
}
